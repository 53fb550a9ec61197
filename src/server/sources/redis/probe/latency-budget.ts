import type { ShardProbe } from './shard-probe';

/** How much an analysis may raise the p99 of other clients of a server, when the source does not say. */
export const DEFAULT_LATENCY_BUDGET_MS = 1;

/**
 * Replies a verdict rests on: the p99 of fewer is little more than their maximum, and one stray delay of
 * the machine would read as the analysis's doing. About a third of a second of probing.
 */
export const VERDICT_SAMPLES = 150;

/** How an analysis yields when over its budget, and how it returns when there is room: quick to yield, careful to return. */
export const SLOWER = 0.5;
export const FASTER = 1.5;

/** At most this many halvings on one verdict: from full pace to a sixteenth. */
const MAX_HALVINGS = 4;

/**
 * `over`: the probe's recent p99 rose above its p99 before the analysis (the median of its stretches' p99s) by more
 * than the budget, and the
 * analysis should halve its pace once per doubling of that rise past the budget (a rise of 20x the budget
 * is no time for small steps back); `room`: it rose by half the budget or less, so the analysis may go
 * faster; `within`: in between; `unknown`: too few replies yet.
 */
export type BudgetVerdict = { kind: 'over'; halvings: number } | { kind: 'room' | 'within' | 'unknown' };

/** What pacing asks of a budget: a verdict on what the server's clients got since the previous one. */
export interface BudgetJudge {
  verdict(): BudgetVerdict;
}

/**
 * One server's latency budget, judged on its probe's replies since the previous verdict. A rise past the
 * budget counts once it held over two verdicts in a row: what the analysis does to the server lasts, while
 * a stray delay of a busy machine comes and goes, and slowing down for it would only cost time.
 */
export class LatencyBudget implements BudgetJudge {
  /** Verdicts `over`: how often the analysis had to slow down. */
  overruns = 0;
  #overBefore = false;

  constructor(
    private readonly probe: Pick<ShardProbe, 'baselineP99' | 'takeRecentP99'>,
    readonly budgetMs: number,
    private readonly minSamples = VERDICT_SAMPLES,
  ) {}

  verdict(): BudgetVerdict {
    const p99 = this.probe.takeRecentP99(this.minSamples);
    if (p99 === undefined) return { kind: 'unknown' };
    const rise = p99 - this.probe.baselineP99();
    const over = rise > this.budgetMs;
    const lasting = over && this.#overBefore;
    this.#overBefore = over;
    if (lasting) {
      this.overruns++;
      return { kind: 'over', halvings: Math.min(MAX_HALVINGS, 1 + Math.floor(Math.log2(rise / this.budgetMs))) };
    }
    if (over) return { kind: 'within' };
    return { kind: rise <= this.budgetMs / 2 ? 'room' : 'within' };
  }
}
