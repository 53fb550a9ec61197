import { describe, expect, it } from 'vitest';
import type { KeyRecord, Task } from '../../../contract/hotkey-task';
import { redisInstanceSummary } from '../../../../test-support/instance-summary';
import { csvField, exportFileName, filterTag, keysToCsv, keysToJson } from './export-keys';
import type { KeyFilters } from './view-state';

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

const noFilters: KeyFilters = {
  shards: [],
  dbs: [],
  types: [],
  name: '',
  minFreq: 0,
  namespace: null,
  delimiter: ':',
};

const instance = redisInstanceSummary({
  id: 'orders',
  name: 'Orders cache',
  source: { id: 'orders', kind: 'redis', name: 'Orders cache' },
});

const task: Task = {
  id: '1a2b3c4d-0000-4000-8000-000000000001',
  instance_id: 'orders',
  status: 'success',
  scan_type: 'auto',
  created_at: '2026-03-01T09:59:59.000Z',
  started_at: '2026-03-01T10:00:00.000Z',
  finished_at: '2026-03-01T10:00:05.000Z',
  impact: 'gentle',
  method: 'lfu',
  keys,
};

describe('CSV export', () => {
  it('writes one header row of the table columns plus the estimate, quoted where needed', () => {
    expect(keysToCsv(keys).split('\r\n')).toEqual([
      'name,type,db,shard,size,unit,freq,est_hits,est_per_second_floor,at_ceiling',
      '"a,""b""",string,0,,3,byte,255,311000,41.683,true',
      "'=cmd(),hash,2,10.0.0.1:6379,4,count,7,,,",
      'sampled,string,0,,1,byte,,,,',
      '',
    ]);
  });

  it('adds a binary column where a name holds escaped bytes, and the measured rates of a sampling', () => {
    const client = { addr: '10.0.0.5:5000', name: 'checkout', lib: null, count: 40, per_second: 8, share: 0.8 };
    const csv = keysToCsv([
      {
        ...keys[2]!,
        name: '\\xff\\x00',
        binary: true,
        sample: {
          count: 50,
          per_second: 10,
          commands: { GET: 50 },
          writes: 0,
          bytes_per_second: 10,
          clients: [client],
        },
      },
      { ...keys[2]!, name: 'old', sample: { count: 50, per_second: 10, commands: { GET: 50 } } },
    ]);
    expect(csv.split('\r\n').slice(0, 3)).toEqual([
      'name,type,db,shard,size,unit,freq,est_hits,est_per_second_floor,at_ceiling,binary,measured_per_second,seen,writes,est_bytes_per_second,top_client',
      '\\xff\\x00,string,0,,1,byte,,,,,true,10,50,0,10,checkout 80%',
      // A record from before attribution: the new columns stay empty.
      'old,string,0,,1,byte,,,,,false,10,50,,,',
    ]);
  });
});

describe('CSV cells a spreadsheet could evaluate', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠A1', "'＠A1"],
    [' =1+1', "' =1+1"],
    ['\u00a0\u3000=1', "'\u00a0\u3000=1"],
    ['\u202e=1', "'\u202e=1"],
    ['\u0001\u0002@x', "'\u0001\u0002@x"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', '"\'\rcmd"'],
    ['\ncmd', '"\'\ncmd"'],
    ['\n\n=HYPERLINK("x")', '"\'\n\n=HYPERLINK(""x"")"'],
  ])('neutralises %j', (hostile, written) => {
    expect(csvField(hostile)).toBe(written);
  });

  it('drops NUL bytes, also where they hide a formula', () => {
    expect(csvField('a\u0000b')).toBe('ab');
    expect(csvField('\u0000=1+1')).toBe("'=1+1");
  });

  it('leaves ordinary names and numbers alone, signs inside a name included', () => {
    expect(csvField('user:1=2')).toBe('user:1=2');
    expect(csvField(' user')).toBe(' user');
    expect(csvField('e-mail')).toBe('e-mail');
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
  });

  it('keeps every hostile name one cell of one row', () => {
    const hostile = ['=1+1', '\n=2', 'a"b,c', '＝3'].map((name) => ({ ...keys[2]!, name }));
    const lines = keysToCsv(hostile).split('\r\n');
    expect(lines[0]).toMatch(/^name,/);
    expect(lines).toHaveLength(1 + hostile.length + 1);
  });
});

describe('JSON export', () => {
  it('says what it holds: instance, source, analysis, filters, link and time, then the keys', () => {
    const filters = { ...noFilters, types: ['hash'], minFreq: 5 };
    const json = JSON.parse(
      keysToJson([keys[1]!], {
        instance,
        task,
        filters,
        link: 'http://127.0.0.1:8080/instances/orders/tasks/1a2b?type=hash&minFreq=5',
        exportedAt: new Date('2026-03-02T08:00:00.000Z'),
      }),
    ) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['instance', 'source', 'analysis', 'filters', 'link', 'exported_at', 'keys']);
    expect(json).toMatchObject({
      instance: { id: 'orders', name: 'Orders cache', mode: 'standalone' },
      source: { id: 'orders', kind: 'redis', name: 'Orders cache' },
      analysis: {
        id: task.id,
        method: 'lfu',
        scan_type: 'auto',
        impact: 'gentle',
        scanned_at: '2026-03-01T10:00:00.000Z',
      },
      filters: { types: ['hash'], min_freq: 5, name: null, in_words: 'filtered to type hash; freq at least 5' },
      link: 'http://127.0.0.1:8080/instances/orders/tasks/1a2b?type=hash&minFreq=5',
      exported_at: '2026-03-02T08:00:00.000Z',
    });
    expect(json.keys).toEqual([
      {
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
        binary: false,
        measured_per_second: null,
        seen: null,
        writes: null,
        est_bytes_per_second: null,
        top_client: null,
      },
    ]);
  });
});

describe('export file names', () => {
  it('carry the instance, the short analysis id and a tag of the filters', () => {
    expect(exportFileName({ instance, task, filters: noFilters }, 'csv')).toBe('hotkeys-orders-1a2b3c4d-all.csv');
    expect(exportFileName({ instance, task, filters: { ...noFilters, types: ['hash'] } }, 'json')).toMatch(
      /^hotkeys-orders-1a2b3c4d-type-hash-[0-9a-f]{6}\.json$/,
    );
  });

  it('differ for different filters, also where the readable part is the same', () => {
    const views: KeyFilters[] = [
      noFilters,
      { ...noFilters, name: 'user:*' },
      { ...noFilters, name: 'user_*' },
      { ...noFilters, dbs: [1] },
      { ...noFilters, dbs: [1], minFreq: 6 },
      { ...noFilters, namespace: 'user' },
      { ...noFilters, namespace: 'user', delimiter: '.' },
      { ...noFilters, shards: ['10.0.0.1:7000'] },
      { ...noFilters, shards: ['10.0.0.2:7000'] },
    ];
    const tags = views.map(filterTag);
    expect(new Set(tags).size).toBe(views.length);
    for (const tag of tags) expect(tag).toMatch(/^[A-Za-z0-9._+-]{1,48}$/);
  });

  it('name the same filters the same, whatever order they were picked in', () => {
    expect(filterTag({ ...noFilters, types: ['hash', 'list'] })).toBe(
      filterTag({ ...noFilters, types: ['list', 'hash'] }),
    );
  });
});
