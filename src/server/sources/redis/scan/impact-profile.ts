import type { Impact } from '../../../../contract/hotkey-task';

/** How hard a scan leans on the server. */
export interface ImpactProfile {
  /** Server time one server-side (Lua) step aims at: the longest other clients of the server may wait. */
  stepTargetUs: number;
  /** Bounds of its SCAN COUNT. */
  minCount: number;
  maxCount: number;
  /** Share of the time the scan keeps the server busy; the rest it leaves idle (1: never waits). */
  dutyCycle: number;
  /** SCAN COUNT of one pipelined step, when EVAL is not allowed (a step's server time is not known then). */
  pipelineCount: number;
}

/**
 * gentle: steps of about 0.15 ms and the server left idle about a third of the time. Measured on 1M keys
 * (2 cores, 1.18 s floor): unpaced steps of 0.1-0.25 ms still raised a probe's p99 by 0.5-1.7 ms, the same
 * steps paced at 60-70% by 0.2-0.4 ms, in about 3 s.
 * fast: steps of about 2 ms make round trips a small share; longer steps were measured to cost more
 * server time per key (1.29 s at 2 ms, 1.47 s at 10 ms), so bigger is not faster.
 */
export const IMPACT_PROFILES: Record<Impact, ImpactProfile> = {
  gentle: { stepTargetUs: 150, minCount: 20, maxCount: 1000, dutyCycle: 0.65, pipelineCount: 100 },
  fast: { stepTargetUs: 2000, minCount: 200, maxCount: 20000, dutyCycle: 1, pipelineCount: 1000 },
};
