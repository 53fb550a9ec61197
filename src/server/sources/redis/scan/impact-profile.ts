import type { Impact } from '../../../../contract/hotkey-task';

/** How hard a scan leans on the server. */
export interface ImpactProfile {
  /** SCAN COUNT of one server-side (Lua) step: its duration is the longest other clients may wait. */
  luaCount: number;
  /** SCAN COUNT of one pipelined step, when EVAL is not allowed. */
  pipelineCount: number;
  /** Idle time left to other clients between steps. */
  pauseMs: number;
}

export const IMPACT_PROFILES: Record<Impact, ImpactProfile> = {
  gentle: { luaCount: 100, pipelineCount: 100, pauseMs: 0 },
  fast: { luaCount: 5000, pipelineCount: 1000, pauseMs: 0 },
};
