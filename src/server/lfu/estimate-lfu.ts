import { hasFreq, type LfuEstimate, type LfuParams, type Task } from '../../contract/hotkey-task';

export type { LfuParams };

/** Redis defaults, used when a source cannot tell its own LFU parameters. */
export const DEFAULT_LFU: LfuParams = { log_factor: 10, decay_time: 1 };
export const LFU_INIT = 5;
/** The maxmemory policies under which Redis keeps an LFU counter (OBJECT FREQ answers). */
export const LFU_POLICIES: ReadonlySet<string> = new Set(['allkeys-lfu', 'volatile-lfu']);
export const LFU_CEILING = 255;

/**
 * Reads an LFU counter back into accesses (see the DCS reference, "What freq means"). The counter grows by
 * one with probability 1 / ((c - 5) * f + 1), so building it from a new key takes about
 * n + f * n * (n - 1) / 2 hits (n = c - 5); in a steady state it settles where about n * f + 1 accesses
 * arrive per decay period of d minutes.
 */
export function estimateLfu(freq: number, params: LfuParams): LfuEstimate {
  const n = Math.max(0, freq - LFU_INIT);
  const f = params.log_factor;
  const hits = n + (f * n * (n - 1)) / 2;
  // lfu-decay-time 0 disables decay: no steady-state reading, so the floor is just the build-up.
  const perSecondFloor = params.decay_time > 0 ? (n * f + 1) / (params.decay_time * 60) : 0;
  return { hits: Math.round(hits), per_second_floor: perSecondFloor, at_ceiling: freq >= LFU_CEILING };
}

/**
 * The parameters a task's freqs mean something under: its own (analyses the BFF ran), else the instance's
 * current ones (`current`, asked only here), else the Redis defaults. Key timelines read each point with these.
 */
export async function lfuParamsOf(
  task: Pick<Task, 'lfu'>,
  current: () => Promise<LfuParams | undefined>,
): Promise<LfuParams> {
  const lfu = task.lfu ?? (await current().catch(() => undefined)) ?? DEFAULT_LFU;
  return { log_factor: lfu.log_factor, decay_time: lfu.decay_time };
}

/**
 * The one place where a task's freqs get their meaning: every key with a freq gets `lfu_estimate`, and the
 * task says which parameters were used. Analyses the BFF ran carry the parameters the server had at scan
 * time (a later CONFIG SET must not rewrite what they meant); for the others (DCS) `current` is asked, and
 * only when there is something to estimate. Keys that already carry an estimate (records of the first
 * release) keep it.
 */
export async function explainFreq(task: Task, current: () => Promise<LfuParams | undefined>): Promise<Task> {
  const keys = task.keys ?? [];
  const unexplained = keys.some((key) => hasFreq(key) && !key.lfu_estimate);
  if (!unexplained) return task;
  const lfu = await lfuParamsOf(task, current);
  return {
    ...task,
    lfu,
    keys: keys.map((key) =>
      hasFreq(key) && !key.lfu_estimate ? { ...key, lfu_estimate: estimateLfu(key.freq, lfu) } : key,
    ),
  };
}
