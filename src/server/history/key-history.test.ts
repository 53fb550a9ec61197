import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_KINDS, testDatabases } from '../../../test-support/store-kinds';
import type { KeyRecord, Task } from '../../contract/hotkey-task';
import { type KeyNameEncoding, keyHistorySchema } from '../../contract/key-history';
import { estimateLfu } from '../lfu/estimate-lfu';
import { DATABASE_FILE, openDatabase } from '../store/sqlite-database';
import { SQLITE_MIGRATIONS } from '../store/sqlite-migrations';
import { MAX_RECORDS_PER_INSTANCE, MAX_WATCH_RECORDS_PER_INSTANCE, TaskStore } from '../store/task-store';
import { keyHistory } from './key-history';
import { KeyHistoryStore } from './key-history-store';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotkeys-history-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const open = (dir: string) => {
  const db = openDatabase(dir);
  return { db, tasks: new TaskStore(db), history: new KeyHistoryStore(db) };
};

const key = (name: string, freq: number | null, extra: Partial<KeyRecord> = {}): KeyRecord => ({
  name,
  type: 'string',
  db: 0,
  size: 1,
  unit: 'byte',
  freq,
  ...extra,
});

const LFU = { log_factor: 10, decay_time: 1 };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 12, minute)).toISOString();
const finished = (n: number, keys: KeyRecord[], extra: Partial<Task> = {}): Task => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  instance_id: 'i1',
  status: 'success',
  scan_type: 'manual',
  method: 'lfu',
  created_at: at(n),
  started_at: at(n),
  finished_at: at(n),
  num: keys.length,
  keys,
  lfu: LFU,
  ...extra,
});

const read = (
  history: KeyHistoryStore,
  name: string,
  options: { encoding?: KeyNameEncoding; current?: typeof LFU } = {},
) =>
  keyHistory(history, {
    instanceId: 'i1',
    query: { db: 0, key: name, encoding: options.encoding },
    active: undefined,
    currentLfu: async () => options.current,
  }).then((answer) => keyHistorySchema.parse(answer));

describe.each(STORE_KINDS)('the key timeline from the records on %s', (kind) => {
  const databases = testDatabases(kind);
  const fresh = async () => {
    const { db } = await databases.fresh();
    return { tasks: new TaskStore(db), history: new KeyHistoryStore(db) };
  };

  it('has a point per analysis that listed the key and a gap for each one after the first that did not', async () => {
    const { tasks, history } = await fresh();
    await tasks.insert(finished(1, [key('other', 9)]));
    await tasks.insert(finished(2, [key('hot', 20), key('other', 9)]));
    await tasks.insert(finished(3, [key('other', 9)]));
    await tasks.insert(
      finished(4, [key('hot', 30, { sample: { count: 50, per_second: 10, commands: { GET: 50 } } })], {
        method: 'sample',
        scan_type: 'watch',
        seconds: 5,
      }),
    );
    const answer = await read(history, 'hot');
    expect(answer.points).toEqual([
      {
        task_id: finished(2, []).id,
        at: at(2),
        method: 'lfu',
        scan_type: 'manual',
        freq: 20,
        lfu: LFU,
        lfu_estimate: estimateLfu(20, LFU),
      },
      {
        task_id: finished(4, []).id,
        at: at(4),
        method: 'sample',
        scan_type: 'watch',
        freq: 30,
        lfu: LFU,
        lfu_estimate: estimateLfu(30, LFU),
        sample_per_second: 10,
      },
    ]);
    // The analysis before the first sighting is outside the span; the one between is a gap.
    expect(answer.not_listed).toEqual([
      { task_id: finished(3, []).id, at: at(3), method: 'lfu', scan_type: 'manual', num: 1 },
    ]);
    expect(answer.analyses_kept).toBe(4);
  });

  it('reads a cloud copy, which kept no LFU parameters, with the instance parameters, and follows its refresh', async () => {
    const { tasks, history } = await fresh();
    const copy = finished(1, [key('dcs-hotkey', 12)], { lfu: null });
    await tasks.keepCopy(copy);
    const current = { log_factor: 100, decay_time: 5 };
    const [point] = (await read(history, 'dcs-hotkey', { current })).points;
    expect(point).toMatchObject({ freq: 12, lfu: current, lfu_estimate: estimateLfu(12, current) });

    await tasks.keepCopy({ ...copy, keys: [key('dcs-hotkey', 14), key('second', 7)] });
    expect((await read(history, 'dcs-hotkey')).points.map((p) => p.freq)).toEqual([14]);
    expect((await read(history, 'second')).points).toHaveLength(1);
  });

  it('indexes an analysis when it succeeds, and forgets deleted and pruned ones', async () => {
    const { tasks, history } = await fresh();
    const running = finished(1, [], { status: 'waiting', keys: null, num: 0 });
    await tasks.insert(running);
    expect((await read(history, 'k')).points).toEqual([]);
    await tasks.markSuccess(running.id, [key('k', 9)], new Date(at(2)));
    expect((await read(history, 'k')).points.map((p) => p.task_id)).toEqual([running.id]);
    await tasks.delete('i1', running.id);
    expect((await read(history, 'k')).points).toEqual([]);

    for (let n = 10; n < 10 + MAX_RECORDS_PER_INSTANCE + 1; n++) await tasks.insert(finished(n, [key('k', 9)]));
    const points = (await read(history, 'k')).points;
    expect(points).toHaveLength(MAX_RECORDS_PER_INSTANCE);
    expect(points[0]?.task_id).toBe(finished(11, []).id);
  });

  it('keeps analyses of watches apart, so that a watch never pushes the manual history out', async () => {
    const { tasks } = await fresh();
    await tasks.insert(finished(1, [key('k', 9)]));
    for (let n = 2; n < 2 + MAX_RECORDS_PER_INSTANCE + 10; n++) {
      await tasks.insert(finished(n, [key('k', 9)], { scan_type: 'watch', watch_id: 'w1' }));
    }
    expect(await tasks.get('i1', finished(1, []).id)).toBeDefined();
    expect(await tasks.watchTaskIds('w1')).toHaveLength(MAX_RECORDS_PER_INSTANCE + 10);
    expect(MAX_WATCH_RECORDS_PER_INSTANCE).toBeGreaterThanOrEqual((4 * 3600) / 10);
  });

  it('tells a binary name from the literal name it is escaped as, by encoding=binary', async () => {
    const { tasks, history } = await fresh();
    // The bytes ff 00 are escaped as the text `\xff\x00` and flagged; a key literally named so is not flagged.
    await tasks.insert(finished(1, [key('\\xff\\x00', 40, { binary: true }), key('\\xff\\x00', 7)]));
    expect((await read(history, '\\xff\\x00')).points.map((p) => p.freq)).toEqual([7]);
    const binary = await read(history, '\\xff\\x00', { encoding: 'binary' });
    expect(binary.points.map((p) => p.freq)).toEqual([40]);
    expect(binary.encoding).toBe('binary');
  });
});

describe('the key timeline of an older SQLite file', () => {
  it('fills the key rows of records written before the key timeline existed', async () => {
    const dir = tempDir();
    const old = new Database(join(dir, DATABASE_FILE));
    SQLITE_MIGRATIONS.slice(0, 2).forEach((sql) => old.exec(sql));
    old.pragma('user_version = 2');
    old
      .prepare(
        `INSERT INTO tasks (id, instance_id, status, scan_type, created_at, started_at, num, keys_json, method,
           lfu_log_factor, lfu_decay_time)
         VALUES ('t1', 'i1', 'success', 'auto', ?, ?, 2, ?, 'sample', 10, 1), ('t2', 'i1', 'failed', 'manual', ?, ?,
           0, NULL, 'lfu', 10, 1)`,
      )
      .run(
        at(1),
        at(1),
        JSON.stringify([
          key('k', 9, { sample: { count: 5, per_second: 1, commands: { GET: 5 } } }),
          key('k2', null, { db: 1 }),
        ]),
        at(2),
        at(2),
      );
    old.close();

    const { db, history } = open(dir);
    const answer = await read(history, 'k');
    expect(answer.points).toEqual([
      expect.objectContaining({ task_id: 't1', scan_type: 'auto', freq: 9, sample_per_second: 1 }),
    ]);
    expect(answer.analyses_kept).toBe(1);
    const sampledWithoutFreq = await keyHistory(history, {
      instanceId: 'i1',
      query: { db: 1, key: 'k2' },
      active: undefined,
      currentLfu: async () => undefined,
    });
    expect(sampledWithoutFreq.points).toEqual([{ task_id: 't1', at: at(1), method: 'sample', scan_type: 'auto' }]);
    await db.close();
  });
});
