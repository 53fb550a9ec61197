import { describe, expect, it } from 'vitest';
import { DEFAULT_LFU, estimateLfu, withLfuEstimates } from './estimate-lfu';

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

  it('gives no estimate to a key without freq', () => {
    const key = { name: 'k', type: 'string', db: 0, size: 1, unit: 'byte' };
    const [sampled, counted] = withLfuEstimates(
      [
        { ...key, freq: null },
        { ...key, freq: 255 },
      ],
      DEFAULT_LFU,
    );
    expect(sampled).not.toHaveProperty('lfu_estimate');
    expect(counted?.lfu_estimate?.at_ceiling).toBe(true);
  });
});
