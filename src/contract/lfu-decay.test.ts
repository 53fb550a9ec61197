import { describe, expect, it } from 'vitest';
import type { KeyHistoryPoint } from './key-history';
import { keyTrend } from './key-history';
import { freqMove, idleDecaySteps } from './lfu-decay';

describe('idleDecaySteps', () => {
  it('counts the minute boundaries a gap can cross, per lfu-decay-time', () => {
    expect(idleDecaySteps(0, 1)).toBe(0);
    expect(idleDecaySteps(10_000, 1)).toBe(1);
    expect(idleDecaySteps(3 * 60_000, 1)).toBe(3);
    expect(idleDecaySteps(3 * 60_000 + 1, 1)).toBe(4);
    expect(idleDecaySteps(10 * 60_000, 5)).toBe(2);
    expect(idleDecaySteps(60 * 60_000, 0)).toBe(0);
  });

  it('tells idle decay from cooling', () => {
    expect(freqMove(40, 37, 3)).toBe('idle decay');
    expect(freqMove(40, 36, 3)).toBe('cooler');
    expect(freqMove(40, 41, 3)).toBe('hotter');
    expect(freqMove(40, 40, 0)).toBe('same');
    expect(freqMove(40, 39, 0)).toBe('cooler');
  });
});

const point = (minute: number, reading: { freq?: number; rate?: number }): KeyHistoryPoint => ({
  task_id: `t${minute}`,
  at: new Date(Date.UTC(2026, 2, 1, 12, minute)).toISOString(),
  method: reading.rate === undefined ? 'lfu' : 'sample',
  scan_type: 'watch',
  ...(reading.freq === undefined ? {} : { freq: reading.freq, lfu: { log_factor: 10, decay_time: 1 } }),
  ...(reading.rate === undefined ? {} : { sample_per_second: reading.rate }),
});

describe('keyTrend', () => {
  it('needs two readings', () => {
    expect(keyTrend([])).toBeNull();
    expect(keyTrend([point(0, { freq: 9 })])).toBeNull();
  });

  it('reads freq steps beyond noise, and a fall decay explains as idle decay', () => {
    expect(keyTrend([point(0, { freq: 10 }), point(1, { freq: 11 })])?.direction).toBe('steady');
    expect(keyTrend([point(0, { freq: 10 }), point(1, { freq: 14 })])?.direction).toBe('rising');
    expect(keyTrend([point(0, { freq: 40 }), point(3, { freq: 37 })])).toMatchObject({
      direction: 'falling',
      idleDecay: true,
    });
    expect(keyTrend([point(0, { freq: 40 }), point(1, { freq: 30 })])).toMatchObject({ idleDecay: false });
  });

  it('prefers the measured rate where the newest point has one, over the latest readings only', () => {
    const points = [
      point(0, { freq: 200 }),
      point(1, { freq: 20, rate: 10 }),
      ...[2, 3, 4, 5, 6].map((m) => point(m, { freq: 20, rate: 10 * m })),
    ];
    const trend = keyTrend(points);
    expect(trend).toMatchObject({ direction: 'rising', measure: 'per_second' });
    expect(trend?.readings.map((r) => r.value)).toEqual([20, 30, 40, 50, 60]);
  });
});
