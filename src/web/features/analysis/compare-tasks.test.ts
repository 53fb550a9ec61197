import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../contract/hotkey-task';
import { becameHot, compareKeys } from './compare-tasks';

const key = (name: string, freq: number | null, db = 0): KeyRecord => ({
  name,
  freq,
  db,
  type: 'string',
  size: 1,
  unit: 'byte',
});

describe('compareKeys', () => {
  it('names keys new, hotter, cooler, gone and unchanged, the new ones first', () => {
    const earlier = [key('a', 50), key('b', 80), key('c', 20), key('d', 30)];
    const later = [key('a', 60), key('b', 70), key('d', 30), key('hot', 120)];
    const changes = compareKeys(earlier, later);
    expect(changes.map((c) => [c.name, c.change, c.delta])).toEqual([
      ['hot', 'new', 120],
      ['a', 'hotter', 10],
      ['b', 'cooler', -10],
      ['c', 'gone', -20],
      ['d', 'same', 0],
    ]);
  });

  it('leaves out keys without freq: there is no counter to compare', () => {
    expect(compareKeys([key('sampled', null)], [key('sampled', null), key('a', 9)]).map((c) => c.name)).toEqual(['a']);
  });

  it('tells apart keys of the same name in different databases', () => {
    const changes = compareKeys([key('k', 10, 0)], [key('k', 10, 1)]);
    expect(changes.map((c) => c.change).sort()).toEqual(['gone', 'new']);
  });
});

describe('becameHot', () => {
  it('names the largest rise, not a cold key that merely entered the list', () => {
    const earlier = [key('a', 20), key('b', 30)];
    const later = [key('a', 141), key('b', 142), key('cold', 10)];
    expect(becameHot(compareKeys(earlier, later))?.name).toBe('a');
  });

  it('counts a new key from the initial counter 5', () => {
    const changes = compareKeys([key('a', 100)], [key('a', 200), key('new', 110)]);
    expect(becameHot(changes)?.name).toBe('new');
    expect(becameHot(compareKeys([key('a', 100)], [key('a', 206), key('new', 110)]))?.name).toBe('a');
  });

  it('breaks a tie by the higher final freq', () => {
    const changes = compareKeys([key('a', 10), key('b', 50)], [key('a', 50), key('b', 90)]);
    expect(becameHot(changes)?.name).toBe('b');
  });

  it('names nothing when no key rose', () => {
    expect(becameHot(compareKeys([key('a', 50)], [key('a', 40), key('fresh', 5)]))).toBeUndefined();
  });
});

describe('compareKeys with idle decay', () => {
  it('labels a fall of at most the decay steps idle decay, and a larger fall cooler', () => {
    const earlier = [key('idle', 40), key('cooling', 40), key('warmer', 40)];
    const later = [key('idle', 37), key('cooling', 36), key('warmer', 41)];
    const changes = compareKeys(earlier, later, 3);
    expect(Object.fromEntries(changes.map((c) => [c.name, c.change]))).toEqual({
      idle: 'idle decay',
      cooling: 'cooler',
      warmer: 'hotter',
    });
    // Without time for decay, every fall is cooling.
    expect(compareKeys(earlier, later).find((c) => c.name === 'idle')?.change).toBe('cooler');
  });
});
