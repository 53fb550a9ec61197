import { describe, expect, it } from 'vitest';
import { StepSizer } from './step-sizer';

describe('StepSizer', () => {
  it("sizes a step's SCAN calls to an eighth of its server time, from the measured cost per key", () => {
    const sizer = new StepSizer();
    // A server 2.4x slower per key gets calls 2.4x smaller: the step's time stays the same.
    for (let step = 0; step < 20; step++) sizer.observe(1000, 1000, true);
    expect(sizer.innerCount(4000)).toBe(500);
    for (let step = 0; step < 20; step++) sizer.observe(1000, 2400, true);
    expect(sizer.innerCount(4000)).toBe(208);
  });

  it('keeps the calls within bounds', () => {
    const sizer = new StepSizer();
    for (let step = 0; step < 20; step++) sizer.observe(1000, 10, true);
    expect(sizer.innerCount(4000)).toBe(1000);
    for (let step = 0; step < 20; step++) sizer.observe(10, 10_000, true);
    expect(sizer.innerCount(250)).toBe(10);
  });

  it('caps the keys of a step by its time alone where the server cannot time it', () => {
    const sizer = new StepSizer();
    for (let step = 0; step < 20; step++) sizer.observe(1000, 1000, true);
    expect(sizer.maxKeys(250)).toBe(1000);
    for (let step = 0; step < 20; step++) sizer.observe(1000, 1000, false);
    expect(sizer.maxKeys(250)).toBe(250);
  });

  it('learns nothing from a step that took no measurable time', () => {
    const sizer = new StepSizer();
    sizer.observe(100, 0, true);
    expect(sizer.innerCount(4000)).toBe(250);
  });
});
