import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../../contract/hotkey-task';
import { atCeiling, rankCeilingKeys } from './ceiling-keys';
import { describeCommands } from './command-mix';

const key = (name: string, extra: Partial<KeyRecord> = {}): KeyRecord => ({
  name,
  type: 'string',
  db: 0,
  shard: null,
  size: 1,
  unit: 'byte',
  freq: 255,
  ...extra,
});

describe('rankCeilingKeys', () => {
  it('orders the keys at 255 by the rate the sampling measured; unseen keys read 0/s', () => {
    const ceiling = [key('a'), key('b'), key('c'), key('a', { db: 1 })];
    const sampled = [
      key('b', { sample: { count: 400, per_second: 80, commands: { GET: 400 } } }),
      key('a', { db: 1, sample: { count: 100, per_second: 20, commands: { SET: 100 } } }),
      key('zzz', { sample: { count: 999, per_second: 200, commands: { GET: 999 } } }),
    ];
    const ranked = rankCeilingKeys(ceiling, sampled);
    expect(ranked.map((k) => [k.name, k.db, k.sample.per_second])).toEqual([
      ['b', 0, 80],
      ['a', 1, 20],
      ['a', 0, 0],
      ['c', 0, 0],
    ]);
  });

  it('takes the ceiling from the estimate when the BFF sent one', () => {
    expect(atCeiling(key('x', { freq: 200 }))).toBe(false);
    expect(atCeiling(key('x', { lfu_estimate: { hits: 1, per_second_floor: 1, at_ceiling: true } }))).toBe(true);
  });
});

describe('describeCommands', () => {
  it('lists the most frequent command first', () => {
    expect(describeCommands({ SET: 5, GET: 1995, DEL: 5 })).toBe('GET 1,995 · DEL 5 · SET 5');
  });
});
