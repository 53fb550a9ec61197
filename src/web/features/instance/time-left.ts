/**
 * Time left at the pace so far: keys scanned per millisecond applied to the keys still to go. null until
 * the pace means something (nothing scanned yet) and once the keyspace has grown past its first count.
 */
export function estimateTimeLeft(elapsedMs: number, scanned: number, total: number): number | null {
  if (scanned <= 0 || total <= 0 || elapsedMs <= 0 || scanned >= total) return null;
  return (elapsedMs * (total - scanned)) / scanned;
}
