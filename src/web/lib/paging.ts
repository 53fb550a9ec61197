/**
 * The offset to show for a list of `count` records: the same one while it has records, else the start of the
 * last page that has any. Deleting the only row of the last page, or an old link, leaves an offset past the end.
 */
export function clampPageOffset(offset: number, count: number, limit: number): number {
  if (offset < count || count === 0) return offset;
  return Math.floor((count - 1) / limit) * limit;
}
