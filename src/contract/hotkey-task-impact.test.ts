import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ImpactMeasured, mostAffectedShard, taskSchema } from './hotkey-task';

const EXAMPLE = join(
  import.meta.dirname,
  '../../test-support/dcs-api-examples/ShowHotkeyTaskDetails.response.200.json',
);

const figures = (p99Before: number, p99During: number) => ({
  probe_p50_ms_before: 0.05,
  probe_p99_ms_before: p99Before,
  probe_p50_ms_during: 0.06,
  probe_p99_ms_during: p99During,
  samples: 500,
  samples_before: 400,
});

describe('impact_measured', () => {
  it('is absent on a DCS task: the cloud publishes no cost of its scan', () => {
    const task = taskSchema.parse(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
    expect(task.impact_measured).toBeUndefined();
    expect(task.sampled).toBeUndefined();
  });

  it('names the master whose p99 rose the most, whatever its p99 before', () => {
    const impact: ImpactMeasured = {
      ...figures(0.2, 2.1),
      shards: [
        { shard: '10.0.0.1:6379', ...figures(2.0, 2.1) },
        { shard: '10.0.0.2:6379', ...figures(0.2, 0.9) },
        { shard: '10.0.0.3:6379', ...figures(0.3, 0.5) },
      ],
      budget_ms: 1,
      budget_applied: true,
      backoffs: 0,
      before_ms: 500,
      during_ms: 900,
    };
    expect(mostAffectedShard(impact)?.shard).toBe('10.0.0.2:6379');
    expect(mostAffectedShard({ ...impact, shards: [] })).toBeUndefined();
  });
});
