import type { ShardProbe } from './shard-probe';

/** How much an analysis may raise the p99 of other clients of a server, when the source does not say. */
export const DEFAULT_LATENCY_BUDGET_MS = 1;

/**
 * Replies a verdict rests on: the p99 of fewer is little more than their maximum, and one stray delay of
 * the machine would read as the analysis's doing. About a fifth of a second of probing.
 */
export const VERDICT_SAMPLES = 150;

/** How an analysis yields when over its budget, and how it returns when there is room: quick to yield, careful to return. */
export const SLOWER = 0.5;
export const FASTER = 1.5;

/**
 * `over`: the probe's recent p99 is above its p99 before the analysis plus the budget; `room`: it is within
 * half the budget, so the analysis may go faster; `within`: in between; `unknown`: too few replies yet.
 */
export type BudgetVerdict = 'over' | 'room' | 'within' | 'unknown';

/** What pacing asks of a budget: a verdict on what the server's clients got since the previous one. */
export interface BudgetJudge {
  verdict(): BudgetVerdict;
}

/** One server's latency budget, judged on its probe's replies since the previous verdict. */
export class LatencyBudget implements BudgetJudge {
  /** Verdicts `over`: how often the analysis had to slow down. */
  overruns = 0;

  constructor(
    private readonly probe: ShardProbe,
    readonly budgetMs: number,
    private readonly minSamples = VERDICT_SAMPLES,
  ) {}

  verdict(): BudgetVerdict {
    const p99 = this.probe.takeRecentP99(this.minSamples);
    if (p99 === undefined) return 'unknown';
    const baseline = this.probe.before.percentileMs(99);
    if (p99 > baseline + this.budgetMs) {
      this.overruns++;
      return 'over';
    }
    return p99 <= baseline + this.budgetMs / 2 ? 'room' : 'within';
  }
}
