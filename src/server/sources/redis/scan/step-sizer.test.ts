import { describe, expect, it } from 'vitest';
import { StepSizer } from './step-sizer';

describe('StepSizer', () => {
  it('settles on the count whose step takes the target time', () => {
    const sizer = new StepSizer(250, 20, 1000);
    for (let step = 0; step < 30; step++) sizer.observe(sizer.count, sizer.count * 1.25);
    expect(sizer.count).toBe(200);
  });

  it('stays within its bounds', () => {
    const sizer = new StepSizer(250, 20, 1000);
    for (let step = 0; step < 30; step++) sizer.observe(sizer.count, sizer.count * 0.01);
    expect(sizer.count).toBe(1000);
    for (let step = 0; step < 30; step++) sizer.observe(sizer.count, sizer.count * 100);
    expect(sizer.count).toBe(20);
  });

  it('keeps its count when the server cannot time a step', () => {
    const sizer = new StepSizer(250, 20, 1000);
    sizer.observe(20, 0);
    expect(sizer.count).toBe(20);
  });
});
