import { describe, expect, it } from 'vitest';
import { poissonInterval } from './rate-interval';

describe('poissonInterval', () => {
  // The exact (Garwood) 95% limits, from chi-square quantiles.
  it.each([
    [0, 0, 3.689],
    [4, 1.0899, 10.2416],
    [10, 4.7954, 18.3904],
    [100, 81.3639, 121.628],
    [10_000, 9804.83, 10198.0],
  ])('for a count of %i is within 2%% of the exact limits %f and %f', (k, low, high) => {
    const interval = poissonInterval(k);
    expect(Math.abs(interval.high - high) / high).toBeLessThan(0.02);
    if (low === 0) expect(interval.low).toBe(0);
    else expect(Math.abs(interval.low - low) / low).toBeLessThan(0.02);
  });

  it('is wide for a few events and narrow for many', () => {
    const relative = (k: number) => (poissonInterval(k).high - poissonInterval(k).low) / k;
    expect(relative(4)).toBeGreaterThan(2);
    expect(relative(10_000)).toBeLessThan(0.04);
  });
});
