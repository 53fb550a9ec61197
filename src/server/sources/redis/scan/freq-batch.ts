import { ErrorReply } from 'redis';

/** A key SCAN returned, with its LFU counter read in the same batch. */
export interface FreqHit {
  key: Buffer;
  freq: number;
}

/** One step of a scan: how many keys it covered and those of them hot enough to matter. */
export interface FreqBatch {
  scanned: number;
  hits: FreqHit[];
  /** How long the step kept the server busy: measured by the server when it can, else the round trip. */
  elapsedUs: number;
  /** Whether `elapsedUs` is the server's own measure. */
  serverTimed: boolean;
  /** SCAN's cursor after the step: '0' once the walk has come round to its start. */
  cursor: string;
}

/** The lowest freq that can still enter the top N; colder keys need not be returned at all. */
export type MinFreq = () => number;

const NOT_LFU = /LFU maxmemory policy is not selected/i;

/** OBJECT FREQ is refused when the server does not track access frequency: no scan can succeed then. */
export const isNotLfuError = (error: unknown): boolean => error instanceof ErrorReply && NOT_LFU.test(error.message);

export const NOT_LFU_REASON =
  'OBJECT FREQ is refused: maxmemory-policy is not an LFU policy (allkeys-lfu or volatile-lfu)';

/** Integer replies arrive as numbers; Lua and RESP edge cases may give bulk strings. */
export const toNumber = (reply: unknown): number => (typeof reply === 'number' ? reply : Number(String(reply)));
