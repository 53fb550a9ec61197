import { expect } from 'vitest';
import { type ImpactMeasured, impactMeasuredSchema, type ProbeFigures } from '../src/contract/hotkey-task';
import { baselineMs } from '../src/server/sources/redis/probe/impact-probes';

/** Figures a probe could have measured on a live server, for a window before and one during. */
function expectPlausibleFigures(figures: ProbeFigures): void {
  expect(figures.samples_before).toBeGreaterThan(0);
  expect(figures.samples).toBeGreaterThan(0);
  for (const phase of ['before', 'during'] as const) {
    const p50 = figures[`probe_p50_ms_${phase}`];
    const p99 = figures[`probe_p99_ms_${phase}`];
    expect(p50, `p50 ${phase}`).toBeGreaterThan(0);
    expect(p50, `p50 <= p99 ${phase}`).toBeLessThanOrEqual(p99);
    // A PING slower than the command timeout would have failed the probe.
    expect(p99, `p99 ${phase}`).toBeLessThan(10_000);
  }
}

/**
 * The impact an analysis reports: valid by the contract, plausible in all and for every server it worked
 * on (named as `shards`), with the budget it was given.
 */
export function expectPlausibleImpact(
  impact: ImpactMeasured | null | undefined,
  expected: { shards: string[]; budgetMs: number; applied: boolean },
): void {
  expect(impactMeasuredSchema.parse(impact)).toEqual(impact);
  if (!impact) return;
  expectPlausibleFigures(impact);
  expect(impact.shards.map((s) => s.shard).sort()).toEqual([...expected.shards].sort());
  for (const shard of impact.shards) expectPlausibleFigures(shard);
  expect(impact.samples).toBe(impact.shards.reduce((sum, s) => sum + s.samples, 0));
  expect(impact).toMatchObject({ budget_ms: expected.budgetMs, budget_applied: expected.applied });
  expect(impact.before_ms).toBeGreaterThanOrEqual(baselineMs(expected.shards.length) - 1);
  expect(impact.during_ms).toBeGreaterThan(0);
}
