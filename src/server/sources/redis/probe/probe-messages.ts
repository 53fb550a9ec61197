import type { RedisEndpoint } from '../redis-connection';

/** What the probe thread is started with: the servers to probe, and the pause after each PING. */
export interface ProbeThreadData {
  endpoint: RedisEndpoint;
  targets: { url: string; shard: string }[];
  pauseMs: number;
}

/** One PING: `sentAt` is the time since the epoch in ms, the same clock in every thread. */
export interface ProbeSample {
  shard: string;
  sentAt: number;
  ms: number;
}

/** From the probe thread; samples come in batches (see `probe-worker.ts`). */
export type ProbeThreadEvent =
  | { type: 'opened'; shard: string }
  | { type: 'failed'; shard: string; reason: string }
  | { type: 'samples'; samples: ProbeSample[] }
  | { type: 'stopped' };

/** To the probe thread: stop, after one more PING to the servers named (those that got none during the analysis). */
export interface ProbeThreadStop {
  type: 'stop';
  finalPings: string[];
}

/** The time since the epoch in ms, with the resolution of `performance.now()`, comparable across threads. */
export const epochMs = (): number => performance.timeOrigin + performance.now();
