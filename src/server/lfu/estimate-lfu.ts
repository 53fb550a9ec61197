import { hasFreq, type KeyRecord, type LfuEstimate } from '../../contract/hotkey-task';

/** Redis defaults, used when a source cannot tell its own LFU parameters. */
export const DEFAULT_LFU = { log_factor: 10, decay_time: 1 } as const;
export const LFU_INIT = 5;
export const LFU_CEILING = 255;

export interface LfuParams {
  log_factor: number;
  decay_time: number;
}

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

/** A key without an LFU counter (sampled on a server without an LFU policy) has nothing to estimate from. */
/**
 * Adds the estimate to every key with a freq that has none yet. Analyses the BFF ran carry theirs from scan
 * time, read with the parameters the server had then; a later CONFIG SET must not rewrite their meaning.
 */
export const withLfuEstimates = (keys: KeyRecord[], params: LfuParams): KeyRecord[] =>
  keys.map((key) =>
    hasFreq(key) && !key.lfu_estimate ? { ...key, lfu_estimate: estimateLfu(key.freq, params) } : key,
  );

export const needsLfuEstimates = (keys: KeyRecord[]): boolean => keys.some((k) => hasFreq(k) && !k.lfu_estimate);
