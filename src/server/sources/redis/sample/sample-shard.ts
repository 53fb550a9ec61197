import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BudgetJudge } from '../probe/latency-budget';
import { ShardConnection } from '../scan/shard-connection';
import { AccessCounts } from './access-counts';
import { type ClientInfo, mergeClientLists, readClientList } from './client-list';
import { DutyCycle, opsPerSecond, startingDuty } from './duty-cycle';
import { MonitorSession, type MonitorSessionOptions } from './monitor-session';

export interface SampleShardOptions extends Omit<MonitorSessionOptions, 'counts' | 'mark'> {
  windowMs: number;
  budget: BudgetJudge;
  /** The budget's size, which sets how much of the window MONITOR starts with on a busy server. */
  budgetMs: number;
  /** Ends the window early (cancel, byte limit, another master failed); what was counted is kept. */
  stop: AbortSignal;
  /** The analysis was cancelled: commands to the server fail at once, and nothing is kept. */
  cancel: AbortSignal;
  /** When the first MONITOR was acknowledged: the window runs from here. */
  onStarted?: (at: number) => void;
}

export interface ShardSample {
  shard: string;
  counts: AccessCounts;
  /** Names and libraries of the clients, from CLIENT LIST at the start and the end of the window. */
  clientInfo: Map<string, ClientInfo>;
  /** How long the window ran (less when stopped), and how much of it MONITOR did; 0 if it never opened. */
  windowMs: number;
  sampledMs: number;
  slices: number;
}

/** Waits `ms`, less if `stop` fires; rejects if the slice's connection is lost first. */
const pause = (ms: number, stop: AbortSignal, lost: Promise<never>): Promise<unknown> =>
  Promise.race([sleep(Math.max(0, ms), undefined, { signal: stop }).catch(() => undefined), lost]);

/**
 * Samples one server for a window: MONITOR on and off in cycles whose share of MONITOR the probe sets
 * (see DutyCycle), every slice counted into the same per-key counts. No MONITOR connection outlives this.
 */
export async function sampleShard(options: SampleShardOptions): Promise<ShardSample> {
  const { shard, windowMs, stop } = options;
  const counts = new AccessCounts();
  /** What a master reports when the run stopped before its window opened. */
  const noWindow = (): ShardSample => ({
    shard,
    counts: new AccessCounts(),
    clientInfo: new Map(),
    windowMs: 0,
    sampledMs: 0,
    slices: 0,
  });
  // CLIENT LIST and INFO on a connection of its own, sent while MONITOR is off: their lines are not traffic;
  // the slices' marks go through it too, and are not counted either.
  let lister: ShardConnection;
  try {
    lister = await ShardConnection.open(options.endpoint, options.url, shard, { signal: options.cancel });
  } catch (error) {
    if (stop.aborted) return noWindow();
    throw error;
  }
  const session = new MonitorSession({
    ...options,
    counts,
    mark: (token) => lister.wait(lister.send(['ECHO', token])),
  });
  try {
    const info = await lister.wait(lister.send<Buffer>(['INFO', 'stats'])).catch(() => undefined);
    const cycle = new DutyCycle(options.budget, startingDuty(info && opsPerSecond(String(info)), options.budgetMs));
    const listedAtStart = await readClientList(lister);
    await session.on(stop);
    // Stopped before this master's window opened (another master filled the byte limit first): a few
    // lines over a few milliseconds would read as absurd rates, so this master reports no window at all.
    if (!session.isOn) return noWindow();
    const started = performance.now();
    options.onStarted?.(started);
    const end = started + windowMs;
    const left = () => end - performance.now();
    while (!stop.aborted && left() > 0) {
      const { onMs, offMs } = cycle.next();
      await session.on(stop);
      await pause(Math.min(onMs, left()), stop, session.lost);
      if (offMs > 0 && left() > 0) {
        await session.off(stop);
        await pause(Math.min(offMs, left()), stop, session.lost);
      }
      cycle.adjust();
    }
    await session.off(stop);
    return {
      shard,
      counts,
      clientInfo: mergeClientLists(listedAtStart, await readClientList(lister)),
      windowMs: Math.min(windowMs, performance.now() - started),
      sampledMs: session.sampledMs,
      slices: session.slices,
    };
  } finally {
    session.close();
    lister.close();
  }
}
