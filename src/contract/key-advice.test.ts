import { describe, expect, it } from 'vitest';
import { keyRecordSchema, taskSchema } from './hotkey-task';
import { adviseKey, hashTagOf } from './key-advice';

/** A sampled key as versions before per-client attribution stored it. */
const OLD_RECORD = {
  name: 'user:42',
  type: 'string',
  db: 0,
  size: 12,
  unit: 'byte',
  freq: 255,
  sample: { count: 4000, per_second: 2000, per_second_low: 1938, per_second_high: 2063, commands: { INCR: 4000 } },
};

describe('records from before attribution', () => {
  it('still parse, keys and task alike, and get no advice from figures they never recorded', () => {
    const key = keyRecordSchema.parse(OLD_RECORD);
    expect(key.sample?.clients).toBeUndefined();
    const task = taskSchema.parse({
      id: 't1',
      instance_id: 'i1',
      status: 'success',
      scan_type: 'manual',
      created_at: '2026-12-01T10:00:00.000Z',
      method: 'sample',
      keys: [OLD_RECORD],
      sampled: { window_ms: 2000, sampled_ms: 2000, sampled_fraction: 1, slices: 1, shards: [] },
    });
    expect(task.sampled?.clients).toBeUndefined();
    // All INCR, but no write count was kept: the split rule does not guess one from command names.
    expect(adviseKey(key, [key])).toEqual([]);
  });
});

describe('hashTagOf', () => {
  it('reads the tag the way Redis Cluster hashes it', () => {
    expect(hashTagOf('cart:{user:42}:items')).toBe('user:42');
    expect(hashTagOf('{a}{b}')).toBe('a');
    expect(hashTagOf('{}x{y}')).toBeNull();
    expect(hashTagOf('no tag')).toBeNull();
    expect(hashTagOf('open{only')).toBeNull();
  });
});
