import { type BudgetJudge, FASTER, SLOWER } from '../probe/latency-budget';

/** One on-and-off cycle: long enough for a verdict of the probe (150 replies), short enough to follow the server. */
export const CYCLE_MS = 400;
/** A shorter slice would be mostly connection set-up. */
export const MIN_SLICE_MS = 25;
export const MIN_DUTY = 0.02;

/**
 * The share of a sampling window MONITOR runs on one server, set by its probe. It starts without a break
 * (what a quiet server can afford, and the most exact), and each cycle ends with the budget's verdict on
 * the probe's replies of the cycle, MONITOR on and off alike (the mix the server's other clients get):
 * over the budget, the share halves (more than once when far over); with room, it grows by half, up to no
 * break again.
 */
export class DutyCycle {
  #duty = 1;

  constructor(private readonly budget: BudgetJudge) {}

  get duty(): number {
    return this.#duty;
  }

  /** How long MONITOR runs in the next cycle, and how long it then stays off. */
  next(): { onMs: number; offMs: number } {
    if (this.#duty >= 1) return { onMs: CYCLE_MS, offMs: 0 };
    const onMs = Math.max(MIN_SLICE_MS, this.#duty * CYCLE_MS);
    return { onMs, offMs: (onMs * (1 - this.#duty)) / this.#duty };
  }

  adjust(): void {
    const verdict = this.budget.verdict();
    if (verdict.kind === 'over') this.#duty = Math.max(MIN_DUTY, this.#duty * SLOWER ** verdict.halvings);
    else if (verdict.kind === 'room') this.#duty = Math.min(1, this.#duty * FASTER);
  }
}
