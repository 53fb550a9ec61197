import { describe, expect, it } from 'vitest';
import { LatencyBudget } from './latency-budget';
import { LatencyHistogram } from './latency-histogram';

/** A probe whose replies are the latencies given: `before` the analysis, then those since the last verdict. */
function probeOf(before: number[]) {
  const histograms = { before: new LatencyHistogram(), recent: new LatencyHistogram() };
  for (const ms of before) histograms.before.record(ms);
  const probe = {
    baselineP99: () => histograms.before.percentileMs(99),
    takeRecentP99: (min: number) => {
      if (histograms.recent.count < min) return undefined;
      const p99 = histograms.recent.percentileMs(99);
      histograms.recent.reset();
      return p99;
    },
  };
  return { probe, reply: (ms: number, times = 1) => Array.from({ length: times }, () => histograms.recent.record(ms)) };
}

describe('LatencyBudget', () => {
  const quiet = Array.from({ length: 300 }, (_, i) => 0.1 + (i % 10) / 100);

  it('says nothing on fewer replies than a p99 needs', () => {
    const { probe, reply } = probeOf(quiet);
    const budget = new LatencyBudget(probe, 1, 150);
    reply(0.1, 149);
    expect(budget.verdict()).toEqual({ kind: 'unknown' });
  });

  it('judges the rise of the recent p99 over the p99 before, against the budget', () => {
    const { probe, reply } = probeOf(quiet);
    const budget = new LatencyBudget(probe, 1, 150);
    reply(0.3, 150);
    expect(budget.verdict()).toEqual({ kind: 'room' });
    reply(0.9, 150);
    expect(budget.verdict()).toEqual({ kind: 'within' });
    reply(1.5, 150);
    expect(budget.verdict()).toEqual({ kind: 'within' });
    reply(1.5, 150);
    expect(budget.verdict()).toEqual({ kind: 'over', halvings: 1 });
    expect(budget.overruns).toBe(1);
  });

  it('lets a single stray rise pass: only one that lasts two verdicts slows the analysis', () => {
    const { probe, reply } = probeOf(quiet);
    const budget = new LatencyBudget(probe, 1, 150);
    for (const ms of [5, 0.2, 5, 0.2]) {
      reply(ms, 150);
      expect(budget.verdict().kind).not.toBe('over');
    }
    expect(budget.overruns).toBe(0);
  });

  it('calls for a halving per doubling of the rise past the budget, four at most', () => {
    const { probe, reply } = probeOf(quiet);
    const budget = new LatencyBudget(probe, 0.5, 150);
    reply(2.5, 150);
    budget.verdict();
    reply(2.5, 150); // a rise of about 2.3 ms: 4.6 budgets
    expect(budget.verdict()).toEqual({ kind: 'over', halvings: 3 });
    reply(50, 150);
    expect(budget.verdict()).toEqual({ kind: 'over', halvings: 4 });
  });
});
