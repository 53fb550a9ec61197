import { describe, expect, it } from 'vitest';
import { toldBudget as judge } from '../../../../../test-support/told-budget';
import { CYCLE_MS, DutyCycle, MIN_DUTY, MIN_SLICE_MS, opsPerSecond, startingDuty } from './duty-cycle';

describe('DutyCycle', () => {
  it('starts with MONITOR on without a break', () => {
    const cycle = new DutyCycle(judge([]));
    expect(cycle.duty).toBe(1);
    expect(cycle.next()).toEqual({ onMs: CYCLE_MS, offMs: 0 });
  });

  it('over the budget, halves its share down to the least, with slices no shorter than a set-up is worth', () => {
    const cycle = new DutyCycle(judge(Array(10).fill('over')));
    cycle.adjust();
    expect(cycle.duty).toBe(0.5);
    expect(cycle.next()).toEqual({ onMs: CYCLE_MS / 2, offMs: CYCLE_MS / 2 });
    for (let i = 0; i < 9; i++) cycle.adjust();
    expect(cycle.duty).toBe(MIN_DUTY);
    const { onMs, offMs } = cycle.next();
    expect(onMs).toBe(MIN_SLICE_MS);
    expect(onMs / (onMs + offMs)).toBeCloseTo(MIN_DUTY, 6);
  });

  it('far over the budget, halves its share several times at once', () => {
    const cycle = new DutyCycle(judge([{ over: 3 }]));
    cycle.adjust();
    expect(cycle.duty).toBe(0.125);
  });

  it('with room, grows back by half a step at a time to no break', () => {
    const cycle = new DutyCycle(judge(['over', 'over', 'room', 'room', 'room', 'room']));
    cycle.adjust();
    cycle.adjust();
    cycle.adjust();
    expect(cycle.duty).toBe(0.375);
    for (let i = 0; i < 3; i++) cycle.adjust();
    expect(cycle.duty).toBe(1);
  });

  it('keeps its share while the verdict is within the budget or not in yet', () => {
    const cycle = new DutyCycle(judge(['over', 'within', 'unknown']));
    for (let i = 0; i < 3; i++) cycle.adjust();
    expect(cycle.duty).toBe(0.5);
  });

  it('starts a busy server with the share of MONITOR its budget affords, a quiet or unknown one whole', () => {
    expect(startingDuty(undefined, 1)).toBe(1);
    expect(startingDuty(8_000, 1)).toBe(1);
    expect(startingDuty(50_000, 1)).toBeCloseTo(0.2, 6);
    expect(startingDuty(50_000, 2)).toBeCloseTo(0.4, 6);
    expect(startingDuty(50_000, 1000)).toBe(1);
    expect(startingDuty(10_000_000, 1)).toBe(MIN_DUTY);
    const cycle = new DutyCycle(judge(['room']), startingDuty(40_000, 1));
    expect(cycle.next()).toEqual({ onMs: CYCLE_MS / 4, offMs: (CYCLE_MS * 3) / 4 });
    cycle.adjust();
    expect(cycle.duty).toBeCloseTo(0.375, 6);
  });

  it('reads the traffic from INFO stats', () => {
    const info = '# Stats\r\ntotal_connections_received:3\r\ninstantaneous_ops_per_sec:51234\r\n';
    expect(opsPerSecond(info)).toBe(51234);
    expect(opsPerSecond('# Stats\r\n')).toBeUndefined();
  });
});
