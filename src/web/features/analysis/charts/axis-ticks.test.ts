import { describe, expect, it } from 'vitest';
import {
  byteLogTicks,
  deltaTicks,
  formatByteTick,
  formatCountTick,
  freqTicks,
  linearByteTicks,
  logTicks,
} from './axis-ticks';

describe('freqTicks', () => {
  it('runs over the whole counter in round steps, ending at 255 rather than past it', () => {
    expect(freqTicks(255)).toEqual([0, 50, 100, 150, 200, 255]);
    expect(freqTicks(251)).toEqual([0, 50, 100, 150, 200, 255]);
  });

  it('ends at the round tick just past the largest freq', () => {
    expect(freqTicks(84)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(freqTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(freqTicks(130)).toEqual([0, 25, 50, 75, 100, 125, 150]);
    expect(freqTicks(7)).toEqual([0, 2, 4, 6, 8]);
  });

  it('gives an axis even without any freq above 0', () => {
    expect(freqTicks(0)).toEqual([0, 1]);
  });
});

describe('logTicks', () => {
  it('covers the sizes with powers of ten', () => {
    expect(logTicks(13, 3987)).toEqual([1, 10, 100, 1000, 10_000]);
    expect(logTicks(272, 3200)).toEqual([100, 1000, 10_000]);
  });

  it('starts at 1 and spans at least one decade', () => {
    expect(logTicks(1, 1)).toEqual([1, 10]);
    expect(logTicks(500, 500)).toEqual([100, 1000]);
  });
});

describe('byteLogTicks', () => {
  it('covers the sizes with powers of two that read as whole B, KiB and MiB', () => {
    expect(byteLogTicks(13, 3987).map(formatByteTick)).toEqual([
      '4 B',
      '16 B',
      '64 B',
      '256 B',
      '1 KiB',
      '4 KiB',
      '16 KiB',
    ]);
    expect(byteLogTicks(1, 3_000_000).map(formatByteTick)).toEqual([
      '1 B',
      '32 B',
      '1 KiB',
      '32 KiB',
      '1 MiB',
      '32 MiB',
    ]);
    expect(byteLogTicks(1000, 1000).map(formatByteTick)).toEqual(['512 B', '1 KiB', '2 KiB']);
  });

  it('starts at 1 B and never gives fewer than two ticks', () => {
    expect(byteLogTicks(1, 1)).toEqual([1, 2]);
  });
});

describe('formatCountTick', () => {
  it('writes counts with k and M', () => {
    expect([1, 100, 1000, 100_000, 1_000_000].map(formatCountTick)).toEqual(['1', '100', '1k', '100k', '1M']);
  });
});

describe('deltaTicks', () => {
  it('always runs through zero, also for falls only', () => {
    expect(deltaTicks(-5, -1)).toEqual([-5, -4, -3, -2, -1, 0]);
    expect(deltaTicks(3, 120)).toEqual([0, 20, 40, 60, 80, 100, 120]);
    expect(deltaTicks(-30, 45)).toEqual([-30, -20, -10, 0, 10, 20, 30, 40, 50]);
    expect(deltaTicks(0, 0)).toEqual([0, 1]);
  });
});

describe('linearByteTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten of the unit of the largest value, from 0 past it', () => {
    const MiB = 1024 * 1024;
    expect(linearByteTicks(7.6 * MiB)).toEqual([0, 2, 4, 6, 8].map((n) => n * MiB));
    expect(linearByteTicks(300)).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(linearByteTicks(18.3 * 1024)).toEqual([0, 5, 10, 15, 20].map((n) => n * 1024));
    expect(linearByteTicks(0)).toEqual([0, 1]);
  });
});
