import { describe, expect, it } from 'vitest';
import { readViewState, SAMPLE_DEFAULTS, writeViewState } from './view-state';

describe('view state in the URL', () => {
  it('reads defaults from an empty query and writes them back as nothing', () => {
    const state = readViewState(new URLSearchParams());
    expect(state).toMatchObject({ chart: 'freq', sort: 'freq', dir: 'desc', delimiter: ':', minFreq: 0, key: null });
    expect(writeViewState(state).toString()).toBe('');
  });

  it('round-trips every field, including repeated multi-select values', () => {
    const query =
      'shard=10.0.0.1%3A6379&shard=10.0.0.2%3A6379&db=0&db=3&type=hash&q=user%3A*&minFreq=40&ns=user&delim=%7C' +
      '&sort=size&dir=asc&chart=scatter&unit=count&key=3%2Fuser%3A1&compare=abc&page=2';
    const state = readViewState(new URLSearchParams(query));
    expect(state).toEqual({
      shards: ['10.0.0.1:6379', '10.0.0.2:6379'],
      dbs: [0, 3],
      types: ['hash'],
      name: 'user:*',
      minFreq: 40,
      namespace: 'user',
      delimiter: '|',
      sort: 'size',
      dir: 'asc',
      chart: 'scatter',
      unit: 'count',
      key: '3/user:1',
      compare: 'abc',
      page: 2,
    });
    expect(readViewState(writeViewState(state))).toEqual(state);
  });

  it('ignores values a hand-edited link could carry', () => {
    const state = readViewState(new URLSearchParams('chart=pie&sort=evil&minFreq=999&db=-1&db=x&page=-3'));
    expect(state).toMatchObject({ chart: 'freq', sort: 'freq', minFreq: 255, dbs: [], page: 0 });
  });

  it("takes a sampling's defaults, measured rate first, and leaves them out of its links", () => {
    const state = readViewState(new URLSearchParams('sort=evil'), SAMPLE_DEFAULTS);
    expect(state).toMatchObject({ sort: 'rate', chart: 'rate' });
    expect(writeViewState(state, SAMPLE_DEFAULTS).toString()).toBe('');
    // An LFU link opened on a sampling says so in its URL, and the other way round.
    expect(writeViewState({ ...state, sort: 'freq' }, SAMPLE_DEFAULTS).toString()).toBe('sort=freq');
    expect(writeViewState(state).toString()).toBe('sort=rate&chart=rate');
  });
});
