import { describe, expect, it } from 'vitest';
import { estimateTimeLeft } from './time-left';

describe('estimateTimeLeft', () => {
  it('extrapolates the pace so far', () => {
    expect(estimateTimeLeft(10_000, 250_000, 1_000_000)).toBe(30_000);
    expect(estimateTimeLeft(2_000, 999_000, 1_000_000)).toBeCloseTo(2.002, 3);
  });

  it('says nothing before the first keys and once the count is passed', () => {
    expect(estimateTimeLeft(500, 0, 1_000_000)).toBeNull();
    expect(estimateTimeLeft(500, 10, 0)).toBeNull();
    expect(estimateTimeLeft(5_000, 1_000_100, 1_000_000)).toBeNull();
  });
});
