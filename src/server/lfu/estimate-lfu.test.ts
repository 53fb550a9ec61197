import { describe, expect, it } from 'vitest';
import type { Task } from '../../contract/hotkey-task';
import { DEFAULT_LFU, estimateLfu, explainFreq } from './estimate-lfu';

describe('estimateLfu', () => {
  it('reads the documented points of the default factor', () => {
    // README: 255 is reached after about 311,000 hits, or about 42 accesses a second sustained
    const ceiling = estimateLfu(255, DEFAULT_LFU);
    expect(ceiling.hits).toBeGreaterThan(300_000);
    expect(ceiling.hits).toBeLessThan(320_000);
    expect(ceiling.per_second_floor).toBeCloseTo(41.7, 1);
    expect(ceiling.at_ceiling).toBe(true);
    // 100,000 hits ~ freq 142 (n = 137: 137 + 10 * 137 * 136 / 2 = 93,297)
    expect(estimateLfu(147, DEFAULT_LFU).hits).toBeGreaterThan(100_000);
    expect(estimateLfu(142, DEFAULT_LFU).at_ceiling).toBe(false);
  });

  it('treats counters at or below the initial value as no evidence of heat', () => {
    expect(estimateLfu(5, DEFAULT_LFU)).toEqual({ hits: 0, per_second_floor: 1 / 60, at_ceiling: false });
    expect(estimateLfu(0, DEFAULT_LFU).hits).toBe(0);
  });

  it('scales with the configured factor and decay time', () => {
    const f100 = estimateLfu(55, { log_factor: 100, decay_time: 1 });
    expect(f100.hits).toBe(50 + (100 * 50 * 49) / 2);
    expect(estimateLfu(55, { log_factor: 10, decay_time: 2 }).per_second_floor).toBeCloseTo(501 / 120, 6);
    expect(estimateLfu(55, { log_factor: 10, decay_time: 0 }).per_second_floor).toBe(0);
  });

  it('gives no estimate to a key without freq', async () => {
    const key = { name: 'k', type: 'string', db: 0, size: 1, unit: 'byte' };
    const task = {
      ...TASK,
      keys: [
        { ...key, freq: null },
        { ...key, freq: 255 },
      ],
    };
    const [sampled, counted] = (await explainFreq(task, async () => DEFAULT_LFU)).keys!;
    expect(sampled).not.toHaveProperty('lfu_estimate');
    expect(counted?.lfu_estimate?.at_ceiling).toBe(true);
  });
});

const TASK: Task = {
  id: 't',
  instance_id: 'i',
  status: 'success',
  scan_type: 'manual',
  created_at: '2026-01-01T00:00:00.000Z',
};

describe('explainFreq', () => {
  const keys = [{ name: 'k', type: 'string', db: 0, size: 1, unit: 'byte', freq: 55 }];

  it("reads freqs with the parameters kept from scan time, not the instance's current ones", async () => {
    let asked = 0;
    const explained = await explainFreq({ ...TASK, keys, lfu: { log_factor: 100, decay_time: 1 } }, async () => {
      asked += 1;
      return DEFAULT_LFU;
    });
    expect(asked).toBe(0);
    expect(explained.keys?.[0]?.lfu_estimate?.hits).toBe(50 + (100 * 50 * 49) / 2);
  });

  it('asks the instance only when the task has no parameters, and says which it used', async () => {
    const explained = await explainFreq({ ...TASK, keys }, async () => ({ log_factor: 10, decay_time: 2 }));
    expect(explained.lfu).toEqual({ log_factor: 10, decay_time: 2 });
    expect(explained.keys?.[0]?.lfu_estimate?.per_second_floor).toBeCloseTo(501 / 120, 6);
  });

  it('falls back to the Redis defaults when the instance cannot tell', async () => {
    const explained = await explainFreq({ ...TASK, keys }, () => Promise.reject(new Error('down')));
    expect(explained.lfu).toEqual(DEFAULT_LFU);
  });
});
