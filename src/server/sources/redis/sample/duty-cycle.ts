import { type BudgetJudge, FASTER, SLOWER } from '../probe/latency-budget';

/** One on-and-off cycle: long enough for a verdict of the probe (150 replies), short enough to follow the server. */
export const CYCLE_MS = 400;
/** A shorter slice would be mostly connection set-up. */
export const MIN_SLICE_MS = 25;
export const MIN_DUTY = 0.02;

/**
 * Commands a second up to which MONITOR may start without a break, per millisecond of latency budget. Its
 * cost grows with the traffic it copies: measured on a 2-core machine, a whole 5 s window raised a probe's
 * p99 by 1.6 ms at 20,000 commands/s and by 3 to 13 ms at 50,000/s, past a 1 ms budget well before the first
 * verdicts (a second or so) could say so.
 */
export const WHOLE_MONITOR_OPS_PER_MS = 10_000;

/**
 * The share MONITOR starts with on a server running `opsPerSecond` (INFO's `instantaneous_ops_per_sec`)
 * under a budget of `budgetMs`: all of the window on a quiet server, on a busy one the share whose copied
 * traffic the budget affords. The probe then moves it either way; unknown traffic starts whole, as before.
 */
export function startingDuty(opsPerSecond: number | undefined, budgetMs: number): number {
  const affordable = WHOLE_MONITOR_OPS_PER_MS * budgetMs;
  if (opsPerSecond === undefined || opsPerSecond <= affordable) return 1;
  return Math.max(MIN_DUTY, affordable / opsPerSecond);
}

/** `instantaneous_ops_per_sec` of an INFO reply, if it has one. */
export function opsPerSecond(info: string): number | undefined {
  const match = /^instantaneous_ops_per_sec:(\d+)/m.exec(info);
  return match ? Number(match[1]) : undefined;
}

/**
 * The share of a sampling window MONITOR runs on one server, set by its probe. It starts at `startingDuty`
 * (without a break on a quiet server: the most exact), and each cycle ends with the budget's verdict on
 * the probe's replies of the cycle, MONITOR on and off alike (the mix the server's other clients get):
 * over the budget, the share halves (more than once when far over); with room, it grows by half, up to no
 * break again.
 */
export class DutyCycle {
  #duty: number;

  constructor(
    private readonly budget: BudgetJudge,
    startDuty = 1,
  ) {
    this.#duty = startDuty;
  }

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
