import type { RedisEndpoint } from '../redis-connection';

/** What the probe thread is started with: the servers to probe, and the pause after each PING. */
export interface ProbeThreadData {
  endpoint: RedisEndpoint;
  targets: { url: string; shard: string }[];
  pauseMs: number;
}

/** From the probe thread: `sentAt` is the time since the epoch in ms, the same clock in every thread. */
export type ProbeThreadEvent =
  | { type: 'opened'; shard: string }
  | { type: 'failed'; shard: string; reason: string }
  | { type: 'sample'; shard: string; sentAt: number; ms: number }
  | { type: 'stopped' };

/** To the probe thread: stop, after one more PING to the servers named (those that got none during the analysis). */
export interface ProbeThreadStop {
  type: 'stop';
  finalPings: string[];
}

/** The time since the epoch in ms, with the resolution of `performance.now()`, comparable across threads. */
export const epochMs = (): number => performance.timeOrigin + performance.now();
