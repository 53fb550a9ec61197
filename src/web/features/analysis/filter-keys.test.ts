import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../contract/hotkey-task';
import { filterKeys, nameMatcher, sortKeys } from './filter-keys';
import { readViewState } from './view-state';

const key = (name: string, extra: Partial<KeyRecord> = {}): KeyRecord => ({
  name,
  type: 'string',
  db: 0,
  size: 10,
  unit: 'byte',
  freq: 10,
  ...extra,
});

describe('name search', () => {
  it('matches a plain text anywhere, in any case', () => {
    const match = nameMatcher('Sess');
    expect(match('app:session:1')).toBe(true);
    expect(match('app:user:1')).toBe(false);
  });

  it('treats * ? and [] as a glob anchored at both ends, like SCAN MATCH', () => {
    expect(nameMatcher('user:*')('user:1:cart')).toBe(true);
    expect(nameMatcher('user:*')('app:user:1')).toBe(false);
    expect(nameMatcher('user:?')('user:12')).toBe(false);
    expect(nameMatcher('user:[12]')('user:2')).toBe(true);
    expect(nameMatcher('a.b*')('aXb')).toBe(false);
    expect(nameMatcher('x\\*')('x*')).toBe(true);
  });
});

describe('filters and sort', () => {
  const keys = [
    key('user:1', { db: 0, freq: 50, shard: 's1' }),
    key('user:2', { db: 1, freq: 200, type: 'hash', unit: 'count', shard: 's2' }),
    key('cart:1', { db: 1, freq: 90, shard: 's1' }),
    key('plain', { db: 0, freq: 5, shard: 's2' }),
  ];

  it('applies every filter at once', () => {
    const filters = readViewState(new URLSearchParams('db=1&shard=s1&minFreq=60'));
    expect(filterKeys(keys, filters).map((k) => k.name)).toEqual(['cart:1']);
    const byNamespace = readViewState(new URLSearchParams('ns=user'));
    expect(filterKeys(keys, byNamespace).map((k) => k.name)).toEqual(['user:1', 'user:2']);
    const noPrefix = readViewState(new URLSearchParams('ns=(no prefix)'));
    expect(filterKeys(keys, noPrefix).map((k) => k.name)).toEqual(['plain']);
  });

  it('sorts by a column and breaks ties by freq', () => {
    expect(sortKeys(keys, 'freq', 'desc').map((k) => k.freq)).toEqual([200, 90, 50, 5]);
    expect(sortKeys(keys, 'db', 'asc').map((k) => k.name)).toEqual(['user:1', 'plain', 'user:2', 'cart:1']);
  });

  it('keeps a key without freq out of a minimum freq and below every freq', () => {
    const withSampled = [...keys, key('sampled', { freq: null })];
    expect(filterKeys(withSampled, readViewState(new URLSearchParams())).map((k) => k.name)).toContain('sampled');
    expect(filterKeys(withSampled, readViewState(new URLSearchParams('minFreq=1'))).map((k) => k.name)).not.toContain(
      'sampled',
    );
    expect(sortKeys(withSampled, 'freq', 'desc').map((k) => k.freq)).toEqual([200, 90, 50, 5, null]);
  });
});
