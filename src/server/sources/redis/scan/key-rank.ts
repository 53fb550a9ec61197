/** A key found by the scan, before it is measured. */
export interface Candidate {
  key: Buffer;
  freq: number;
  db: number;
  /** Cluster master `ip:port`; null on a standalone server. */
  shard: string | null;
}

/**
 * The heap's order: by freq alone, so a key enters a full top N only when strictly hotter than the coldest
 * kept one. Among keys tied at the boundary the first seen stay (as with redis-cli --hotkeys); that lets
 * the server skip every key not strictly hotter, which on a mostly cold keyspace is nearly all of them.
 */
export const hotterFirst = (a: Candidate, b: Candidate): number => b.freq - a.freq;

/** The order of the result: hottest first, equal freqs by key bytes, then db and shard. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    hotterFirst(a, b) || Buffer.compare(a.key, b.key) || a.db - b.db || (a.shard ?? '').localeCompare(b.shard ?? '')
  );
}

/** latin1 maps every byte to one character, so distinct binary keys get distinct ids. */
export const candidateId = (c: Candidate): string => `${c.shard ?? ''}\n${c.db}\n${c.key.toString('latin1')}`;
