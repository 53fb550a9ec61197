import type { Impact } from '../../../../contract/hotkey-task';

/** How hard a scan leans on the server. */
export interface ImpactProfile {
  /**
   * Server time of one server-side (Lua) step at full pace: while it runs, every other client of the server
   * waits, so it is what the scan adds to their worst latency.
   */
  maxStepUs: number;
  /** The shortest step the latency budget may shrink it to: shorter ones would cost more round trip than work. */
  minStepUs: number;
  /** The share of time the scan keeps the server busy at most, and at least when the budget keeps being exceeded. */
  maxDutyCycle: number;
  minDutyCycle: number;
  /** Whether the probe paces the scan by the latency budget. */
  paced: boolean;
  /** SCAN COUNT of one pipelined step, when EVAL is not allowed (a step's server time is not known then). */
  pipelineCount: number;
}

/**
 * gentle: steps of 0.15 ms of server time, and the server left idle a quarter of the time, while the
 * probe's p99 stays within the budget; when it does not, steps shrink to 0.05 ms and then the scan leaves
 * the server idle longer, down to 5% busy. The quarter is for the machine: the probe shares the BFF's
 * process, whose wake-ups the scan keeps frequent, and so sees less of the CPU the scan takes from other
 * processes than a client in a process of its own (measured: +0.4 ms p99 where such a client saw +1.6).
 * fast: steps of 10 ms whatever the probe says: the server waits for the BFF between steps, which on a busy
 * machine may not get a CPU at once, so the fewer the steps the closer the scan comes to the server's floor.
 * A longer step costs no more per key (each SCAN call in it is bounded).
 * Both are sized in server time, so a slower server gets fewer keys per step, not longer steps.
 */
export const IMPACT_PROFILES: Record<Impact, ImpactProfile> = {
  gentle: { maxStepUs: 150, minStepUs: 50, maxDutyCycle: 0.75, minDutyCycle: 0.05, paced: true, pipelineCount: 100 },
  fast: { maxStepUs: 10_000, minStepUs: 10_000, maxDutyCycle: 1, minDutyCycle: 1, paced: false, pipelineCount: 1000 },
};
