import { describe, expect, it } from 'vitest';
import { nextRuns } from './next-runs';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('next runs of a daily UTC schedule', () => {
  it('takes the times still ahead today, then tomorrow', () => {
    expect(iso(nextRuns(['21:00', '06:30'], new Date('2026-03-01T12:00:00Z'), 3))).toEqual([
      '2026-03-01T21:00:00.000Z',
      '2026-03-02T06:30:00.000Z',
      '2026-03-02T21:00:00.000Z',
    ]);
  });

  it('counts the current minute as running, not next', () => {
    expect(iso(nextRuns(['21:00'], new Date('2026-03-01T21:00:20Z'), 1))).toEqual(['2026-03-02T21:00:00.000Z']);
  });

  it('crosses month ends in UTC and answers nothing without times', () => {
    expect(iso(nextRuns(['00:00'], new Date('2026-02-28T23:59:00Z'), 2))).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
    ]);
    expect(nextRuns([], new Date('2026-03-01T00:00:00Z'), 3)).toEqual([]);
  });
});
