import { describe, expect, it } from 'vitest';
import { toldBudget as judge } from '../../../../../test-support/told-budget';
import { IMPACT_PROFILES } from './impact-profile';
import { StepPacing } from './step-pacing';

const pace = (pacing: StepPacing) => ({ stepUs: pacing.stepUs, dutyCycle: pacing.dutyCycle });

describe('StepPacing', () => {
  const gentle = IMPACT_PROFILES.gentle;

  it('starts at full pace: steps and idle share of the profile', () => {
    expect(pace(new StepPacing(gentle, judge([])))).toEqual({ stepUs: 150, dutyCycle: 0.75 });
  });

  it('over the budget, shortens the steps first, then leaves the server idle, down to its bounds', () => {
    const pacing = new StepPacing(gentle, judge(Array(12).fill('over')));
    const seen = Array.from({ length: 12 }, () => (pacing.adjust(), pace(pacing)));
    expect(seen.slice(0, 2)).toEqual([
      { stepUs: 75, dutyCycle: 0.75 },
      { stepUs: 50, dutyCycle: 0.75 },
    ]);
    expect(seen[2]).toEqual({ stepUs: 50, dutyCycle: 0.375 });
    expect(seen.at(-1)).toEqual({ stepUs: 50, dutyCycle: gentle.minDutyCycle });
  });

  it('with room, gives the idle time back first, then lengthens the steps, up to full pace', () => {
    const pacing = new StepPacing(gentle, judge([...Array(5).fill('over'), ...Array(12).fill('room')]));
    for (let i = 0; i < 5; i++) pacing.adjust();
    expect(pace(pacing)).toEqual({ stepUs: 50, dutyCycle: 0.09375 });
    pacing.adjust();
    expect(pace(pacing)).toEqual({ stepUs: 50, dutyCycle: 0.140625 });
    for (let i = 0; i < 11; i++) pacing.adjust();
    expect(pace(pacing)).toEqual({ stepUs: 150, dutyCycle: 0.75 });
  });

  it('far over the budget, steps back several notches at once', () => {
    const pacing = new StepPacing(gentle, judge([{ over: 4 }]));
    pacing.adjust();
    expect(pace(pacing)).toEqual({ stepUs: 50, dutyCycle: 0.1875 });
  });

  it('holds its pace while the verdict is within the budget or not in yet', () => {
    const pacing = new StepPacing(gentle, judge(['over', 'within', 'unknown', 'within']));
    for (let i = 0; i < 4; i++) pacing.adjust();
    expect(pace(pacing)).toEqual({ stepUs: 75, dutyCycle: 0.75 });
  });

  it('without a budget (fast), never moves', () => {
    const pacing = new StepPacing(IMPACT_PROFILES.fast, undefined);
    for (let i = 0; i < 5; i++) pacing.adjust();
    expect(pace(pacing)).toEqual({ stepUs: IMPACT_PROFILES.fast.maxStepUs, dutyCycle: 1 });
  });
});
