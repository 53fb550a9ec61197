import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../contract/hotkey-task';
import { compareKeys } from './compare-tasks';

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
