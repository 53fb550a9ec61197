import { describe, expect, it } from 'vitest';
import type { Task } from '../../../contract/hotkey-task';
import { describeCost, describeSampled } from './analysis-cost';

const task: Task = {
  id: 't',
  instance_id: 'i',
  status: 'success',
  scan_type: 'manual',
  created_at: '2026-12-01T00:00:00.000Z',
};
const figures = (before: number, during: number) => ({
  probe_p50_ms_before: before / 3,
  probe_p99_ms_before: before,
  probe_p50_ms_during: during / 3,
  probe_p99_ms_during: during,
  samples: 1200,
  samples_before: 300,
});

describe('describeCost', () => {
  it('names the master whose p99 rose most, with before and during', () => {
    const { summary, detail } = describeCost(
      {
        ...task,
        impact_measured: {
          ...figures(0.3, 0.6),
          shards: [
            { shard: '10.0.0.1:7000', ...figures(0.3, 0.4) },
            { shard: '10.0.0.2:7000', ...figures(0.25, 0.46) },
          ],
          budget_ms: 1,
          budget_applied: true,
          backoffs: 2,
          before_ms: 600,
          during_ms: 4000,
        },
      },
      'redis',
    );
    expect(summary).toBe('this analysis added +0.21 ms p99 on the busiest master (10.0.0.2:7000)');
    expect(detail).toContain('0.25 ms → 0.46 ms');
    expect(detail).toContain('within the 1.0 ms budget, paced by the probe, slowed down 2 times');
    expect(detail).not.toContain('rough');
  });

  it('says when a paced analysis went over its budget, and when its p99 rests on few probes', () => {
    const over = describeCost(
      {
        ...task,
        impact_measured: {
          ...figures(0.2, 3.2),
          samples: 20,
          shards: [{ shard: '127.0.0.1:6379', ...figures(0.2, 3.2), samples: 20 }],
          budget_ms: 1,
          budget_applied: true,
          backoffs: 0,
          before_ms: 600,
          during_ms: 95,
        },
      },
      'redis',
    );
    expect(over.detail).toContain('over the 1.0 ms budget, paced by the probe');
    expect(over.detail).toContain('few probes: a rough figure');
  });

  it('says when fast ignored the budget, and when nobody measured', () => {
    const fast = describeCost(
      {
        ...task,
        impact_measured: {
          ...figures(0.2, 1.4),
          shards: [{ shard: '127.0.0.1:6379', ...figures(0.2, 1.4) }],
          budget_ms: 1,
          budget_applied: false,
          backoffs: 0,
          before_ms: 600,
          during_ms: 1200,
        },
      },
      'redis',
    );
    expect(fast.summary).toBe('this analysis added +1.2 ms p99 on 127.0.0.1:6379');
    const quieter = describeCost(
      {
        ...task,
        impact_measured: {
          ...figures(3.2, 2.0),
          shards: [{ shard: '127.0.0.1:6379', ...figures(3.2, 2.0) }],
          budget_ms: 1,
          budget_applied: false,
          backoffs: 0,
          before_ms: 600,
          during_ms: 17,
        },
      },
      'redis',
    );
    const oneProbe = describeCost(
      {
        ...task,
        impact_measured: {
          ...figures(2.2, 3.5),
          samples: 1,
          shards: [{ shard: '127.0.0.1:6379', ...figures(2.2, 3.5), samples: 1 }],
          budget_ms: 1,
          budget_applied: false,
          backoffs: 0,
          before_ms: 600,
          during_ms: 5,
        },
      },
      'redis',
    );
    expect(oneProbe.detail).toContain('(1 probe over 5 ms, few probes: a rough figure)');
    expect(quieter.summary).toBe(
      "no rise of the p99 measured on 127.0.0.1:6379 (−1.2 ms: within the machine's own variation)",
    );
    expect(fast.detail).toContain('fast: the 1.0 ms budget was not applied');
    expect(describeCost(task, 'dcs').summary).toMatch(/DCS runs the analysis in the cloud and reports no cost/);
    expect(describeCost(task, 'redis').summary).toMatch(/before the dashboard measured its cost/);
  });
});

describe('describeSampled', () => {
  it('states the share of the window MONITOR ran, or that it ran all of it', () => {
    const sample = { ...task, method: 'sample' as const, seconds: 8 };
    expect(
      describeSampled({
        ...sample,
        sampled: { sampled_ms: 2960, sampled_fraction: 0.37, slices: 20, window_ms: 8000, shards: [] },
      }),
    ).toMatch(/^MONITOR ran 37% of the 8 s window, in 20 slices/);
    expect(
      describeSampled({
        ...sample,
        sampled: { sampled_ms: 8000, sampled_fraction: 1, slices: 1, window_ms: 8000, shards: [] },
      }),
    ).toMatch(/^MONITOR ran the whole/);
    expect(describeSampled(task)).toBeNull();
  });
});
