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
  /**
   * Whether both halves of the keyspace are scanned at once, each on a connection of its own, so the server
   * is never idle waiting for the BFF (see `KeyspaceHalf`); a neighbour may then wait for two steps.
   */
  halves: boolean;
  /** SCAN COUNT of one pipelined step, when EVAL is not allowed (a step's server time is not known then). */
  pipelineCount: number;
}

/**
 * gentle: steps of 0.15 ms of server time, and the server left idle at least a quarter of the time, while the
 * probe's p99 stays within the budget; when it does not, steps shrink to 0.05 ms and then the scan leaves
 * the server idle longer, down to 5% busy. The quarter is what the server's other clients are owed: the round
 * trips between steps, while the BFF reads a reply and sends the next, count towards it, since the server
 * serves them meanwhile. (It was once kept on top of the round trips, for the CPU of a small machine; side by
 * side, with the budget in charge, both paced alike, and the budget is what answers for the machine.)
 * fast: steps of 5 ms whatever the probe says, both halves of the keyspace at once: with one step in flight
 * the server waited for the BFF between steps, a round trip that on a small VM, whose idle cores sleep,
 * costs a millisecond or more (measured: 1.2-1.3x the floor with 10 ms steps on such a machine); with two
 * connections the next step is already waiting, and the step's length hardly moves the speed (measured:
 * 1.0-1.2x the floor at 10, 5 and 2.5 ms) while a neighbour waits up to two or three steps (p99 34, 16 and
 * 10 ms). 5 ms keeps that wait below what one 10 ms step cost before, with room for a slow round trip.
 * (Two steps pipelined on one connection would not do: Redis runs a connection's queued commands back to
 * back and writes their replies after both.) Each SCAN call in a step is bounded, so a step costs no more
 * per key for being long.
 * Both are sized in server time, so a slower server gets fewer keys per step, not longer steps.
 */
export const IMPACT_PROFILES: Record<Impact, ImpactProfile> = {
  gentle: {
    maxStepUs: 150,
    minStepUs: 50,
    maxDutyCycle: 0.75,
    minDutyCycle: 0.05,
    paced: true,
    halves: false,
    pipelineCount: 100,
  },
  fast: {
    maxStepUs: 5_000,
    minStepUs: 5_000,
    maxDutyCycle: 1,
    minDutyCycle: 1,
    paced: false,
    halves: true,
    pipelineCount: 1000,
  },
};
