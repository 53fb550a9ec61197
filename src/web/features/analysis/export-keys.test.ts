import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../contract/hotkey-task';
import { keysToCsv, keysToJson } from './export-keys';

const keys: KeyRecord[] = [
  {
    name: 'a,"b"',
    type: 'string',
    db: 0,
    shard: null,
    size: 3,
    unit: 'byte',
    freq: 255,
    lfu_estimate: { hits: 311000.4, per_second_floor: 41.68333, at_ceiling: true },
  },
  { name: '=cmd()', type: 'hash', db: 2, shard: '10.0.0.1:6379', size: 4, unit: 'count', freq: 7 },
  { name: 'sampled', type: 'string', db: 0, size: 1, unit: 'byte', freq: null },
];

describe('exports', () => {
  it('writes CSV with the table columns plus the estimate, quoted where needed', () => {
    expect(keysToCsv(keys).split('\r\n')).toEqual([
      'name,type,db,shard,size,unit,freq,est_hits,est_per_second_floor,at_ceiling',
      '"a,""b""",string,0,,3,byte,255,311000,41.683,true',
      "'=cmd(),hash,2,10.0.0.1:6379,4,count,7,,,",
      'sampled,string,0,,1,byte,,,,',
      '',
    ]);
  });

  it('writes JSON with the same columns, null where there is no estimate', () => {
    const parsed = JSON.parse(keysToJson(keys)) as Record<string, unknown>[];
    expect(parsed[1]).toEqual({
      name: '=cmd()',
      type: 'hash',
      db: 2,
      shard: '10.0.0.1:6379',
      size: 4,
      unit: 'count',
      freq: 7,
      est_hits: null,
      est_per_second_floor: null,
      at_ceiling: null,
    });
    expect(parsed[2]).toMatchObject({ name: 'sampled', freq: null });
  });
});
