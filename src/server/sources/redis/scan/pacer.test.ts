import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer';

/** A clock that moves when the pacer waits, by as much as it waited plus an overshoot, and when a test says. */
function fakeTime(overshootMs = 0) {
  let now = 0;
  const waits: number[] = [];
  const wait = async (ms: number) => {
    waits.push(ms);
    now += ms + overshootMs;
  };
  return { waits, wait, now: () => now, advance: (ms: number) => void (now += ms) };
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

  it("counts each step's round trip beyond its server time as idle already given", async () => {
    const time = fakeTime();
    const pacer = new Pacer(() => 0.75, time.wait, time.now);
    // 0.15 ms of server time in a 0.25 ms round trip leaves the server idle 0.1 ms a step: more than 0.75 asks
    for (let step = 0; step < 100; step++) {
      time.advance(0.25);
      await pacer.afterStep(150);
    }
    expect(time.waits).toEqual([]);
    // a round trip no longer than the step gives nothing: 100 steps then owe 5 ms, as before
    for (let step = 0; step < 100; step++) {
      time.advance(0.15);
      await pacer.afterStep(150);
    }
    const waited = time.waits.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThanOrEqual(4);
    expect(waited).toBeLessThanOrEqual(6);
  });

  it('keeps no more than a millisecond of surplus idle time for later steps', async () => {
    const time = fakeTime();
    const pacer = new Pacer(() => 0.5, time.wait, time.now);
    await pacer.afterStep(1000);
    time.advance(50); // a long pause (the BFF busy elsewhere) between two steps
    for (let step = 0; step < 10; step++) {
      time.advance(1);
      await pacer.afterStep(1000);
    }
    // 10 steps of 1 ms at 50% owe 10 ms; the pause may stand in for one of them, not for all
    expect(time.waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(8);
  });

  it('never waits at a duty cycle of 1', async () => {
    const time = fakeTime();
    const pacer = new Pacer(() => 1, time.wait, time.now);
    for (let step = 0; step < 10; step++) await pacer.afterStep(5000);
    expect(time.waits).toEqual([]);
  });
});
