/** A key found by the scan, before it is measured. */
export interface Candidate {
  key: Buffer;
  freq: number;
  db: number;
  /** Cluster master `ip:port`; null on a standalone server. */
  shard: string | null;
}

/**
 * Hottest first; equal freqs by key bytes, then db and shard, so that the top N is one well-defined set
 * whatever order SCAN visits the keys in.
 */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return b.freq - a.freq || Buffer.compare(a.key, b.key) || a.db - b.db || (a.shard ?? '').localeCompare(b.shard ?? '');
}

/** latin1 maps every byte to one character, so distinct binary keys get distinct ids. */
export const candidateId = (c: Candidate): string => `${c.shard ?? ''}\n${c.db}\n${c.key.toString('latin1')}`;
