import type { Impact } from '../../../../contract/hotkey-task';

/** How hard a scan leans on the server. */
export interface ImpactProfile {
  /** Server time one server-side (Lua) step aims at: the longest other clients of the server may wait. */
  stepTargetUs: number;
  /** Bounds of its SCAN COUNT. */
  minCount: number;
  maxCount: number;
  /** SCAN COUNT of one pipelined step, when EVAL is not allowed (a step's server time is not known then). */
  pipelineCount: number;
}

/**
 * gentle: short steps (about a quarter of a millisecond) keep other clients' p99 close to normal.
 * fast: steps of about 2 ms make round trips a small share; longer steps were measured to cost more
 * server time per key (1M keys: 1.29 s at 2 ms, 1.47 s at 10 ms, floor 1.18 s), so bigger is not faster.
 */
export const IMPACT_PROFILES: Record<Impact, ImpactProfile> = {
  gentle: { stepTargetUs: 250, minCount: 20, maxCount: 1000, pipelineCount: 200 },
  fast: { stepTargetUs: 2000, minCount: 200, maxCount: 20000, pipelineCount: 1000 },
};
