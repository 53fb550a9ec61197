import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer';

/** A clock that only moves when the pacer waits, by as much as it waited plus an overshoot. */
function fakeTime(overshootMs = 0) {
  let now = 0;
  const waits: number[] = [];
  const wait = async (ms: number) => {
    waits.push(ms);
    now += ms + overshootMs;
  };
  return { waits, wait, now: () => now };
}

describe('Pacer', () => {
  it('leaves the server idle for the share the duty cycle asks, in whole milliseconds', async () => {
    const time = fakeTime();
    const pacer = new Pacer(() => 0.6, time.wait, time.now);
    for (let step = 0; step < 60; step++) await pacer.afterStep(150);
    // 60 steps of 0.15 ms busy at 60% owe 6 ms idle; less than a millisecond may stay owed
    const waited = time.waits.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThanOrEqual(5);
    expect(waited).toBeLessThanOrEqual(6);
    expect(time.waits.every((ms) => ms >= 1)).toBe(true);
  });

  it('counts a late timer as idle time already given', async () => {
    const time = fakeTime(1);
    const pacer = new Pacer(() => 0.5, time.wait, time.now);
    for (let step = 0; step < 20; step++) await pacer.afterStep(1000);
    expect(time.waits.reduce((a, b) => a + b, 0) + time.waits.length).toBeLessThanOrEqual(21);
  });

  it('never waits at a duty cycle of 1', async () => {
    const time = fakeTime();
    const pacer = new Pacer(() => 1, time.wait, time.now);
    for (let step = 0; step < 10; step++) await pacer.afterStep(5000);
    expect(time.waits).toEqual([]);
  });
});
