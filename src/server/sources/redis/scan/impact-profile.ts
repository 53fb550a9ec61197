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
 * fast: steps of several milliseconds make round trips negligible; for maintenance windows.
 */
export const IMPACT_PROFILES: Record<Impact, ImpactProfile> = {
  gentle: { stepTargetUs: 250, minCount: 20, maxCount: 1000, pipelineCount: 100 },
  fast: { stepTargetUs: 5000, minCount: 1000, maxCount: 20000, pipelineCount: 1000 },
};
