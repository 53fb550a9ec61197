import { describe, expect, it } from 'vitest';
import type { KeyRecord, Task } from '../../contract/hotkey-task';
import { STORE_KINDS, testDatabases } from '../../../test-support/store-kinds';
import { MAX_RECORDS_PER_INSTANCE, replicaStoppedReason, TaskStore } from './task-store';

const task = (n: number, status: Task['status'] = 'success'): Task => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  instance_id: 'i1',
  status,
  scan_type: 'manual',
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
});

describe.each(STORE_KINDS)('TaskStore on %s', (kind) => {
  const databases = testDatabases(kind);
  const openStore = async () => {
    const { db, reopen } = await databases.fresh();
    return { store: new TaskStore(db), db, reopen: async () => new TaskStore(await reopen()) };
  };

  it('keeps at most 100 records per instance, dropping the oldest first', async () => {
    const { store } = await openStore();
    for (let n = 1; n <= MAX_RECORDS_PER_INSTANCE + 5; n++) await store.insert(task(n));
    await store.insert({ ...task(1000), instance_id: 'other' });
    const list = await store.list('i1', { offset: 0, limit: 1000 });
    expect(list.count).toBe(MAX_RECORDS_PER_INSTANCE);
    expect(list.records[0]?.id).toBe(task(105).id);
    expect(list.records.at(-1)?.id).toBe(task(6).id);
    expect((await store.list('other', { offset: 0, limit: 10 })).count).toBe(1);
  });

  it('never drops an active analysis to make room', async () => {
    const { store } = await openStore();
    await store.insert(task(1, 'running'));
    for (let n = 2; n <= MAX_RECORDS_PER_INSTANCE + 3; n++) await store.insert(task(n));
    expect((await store.get('i1', task(1).id))?.status).toBe('running');
    expect((await store.list('i1', { offset: 0, limit: 1000 })).count).toBe(MAX_RECORDS_PER_INSTANCE);
  });

  it('pages and filters by status, newest first', async () => {
    const { store } = await openStore();
    for (let n = 1; n <= 7; n++) await store.insert(task(n, n % 2 ? 'success' : 'failed'));
    const page = await store.list('i1', { offset: 2, limit: 2, status: 'success' });
    expect(page.count).toBe(4);
    expect(page.records.map((r) => r.id)).toEqual([task(3).id, task(1).id]);
  });

  it('moves a task through its states once and keeps its keys', async () => {
    const { store, reopen } = await openStore();
    await store.insert(task(1, 'waiting'));
    await store.markRunning(task(1).id, new Date());
    const keys = [{ name: 'k', type: 'string', db: 0, size: 3, unit: 'byte', freq: 9 }];
    await store.markSuccess(task(1).id, keys, new Date());
    await store.markFailed(task(1).id, 'too late', new Date());
    const reopened = await reopen();
    expect(await reopened.get('i1', task(1).id)).toMatchObject({
      status: 'success',
      num: 1,
      keys,
      failure_reason: null,
    });
  });

  it('keeps what an analysis measured of itself, across a restart', async () => {
    const { store, reopen } = await openStore();
    await store.insert(task(1, 'running'));
    await store.insert(task(2, 'running'));
    const figures = {
      probe_p50_ms_before: 0.05,
      probe_p99_ms_before: 0.2,
      probe_p50_ms_during: 0.08,
      probe_p99_ms_during: 0.41,
      samples: 900,
      samples_before: 420,
    };
    const impact_measured = {
      ...figures,
      shards: [{ shard: '10.0.0.1:6379', ...figures }],
      budget_ms: 1,
      budget_applied: true,
      backoffs: 2,
      before_ms: 500,
      during_ms: 1200,
    };
    const sampled = {
      window_ms: 5000,
      sampled_ms: 2500,
      sampled_fraction: 0.5,
      slices: 11,
      shards: [{ shard: '10.0.0.1:6379', sampled_ms: 2500, sampled_fraction: 0.5, slices: 11 }],
    };
    await store.markSuccess(task(1).id, [], new Date(), { note: 'sliced', impact_measured, sampled });
    await store.markSuccess(task(2).id, [], new Date());
    const reopened = await reopen();
    expect(await reopened.get('i1', task(1).id)).toMatchObject({ note: 'sliced', impact_measured, sampled });
    expect(await reopened.get('i1', task(2).id)).not.toHaveProperty('impact_measured');
  });

  it('fails tasks left running by a dead BFF', async () => {
    const { store } = await openStore();
    await store.insert(task(1, 'running'));
    await store.insert(task(2, 'success'));
    expect(await store.failOrphans('me', new Date())).toBe(1);
    expect((await store.get('i1', task(1).id))?.failure_reason).toMatch(/interrupted/);
    expect((await store.get('i1', task(2).id))?.status).toBe('success');
  });

  it('reads the newest ended and the newest successful analysis of every instance, for /metrics', async () => {
    const { store } = await openStore();
    const keys = [{ name: 'k', type: 'string', db: 0, size: 3, unit: 'byte', freq: 9 }];
    await store.insert({ ...task(1), keys, num: 1 });
    await store.insert({ ...task(2, 'failed'), failure_reason: 'cancelled' });
    await store.insert(task(3, 'running'));
    await store.insert({ ...task(4), instance_id: 'i2', keys: [], num: 0 });
    await store.insert({ ...task(5, 'failed'), instance_id: 'i3' });
    await store.insert({ ...task(6, 'waiting'), instance_id: 'i4' });
    const latest = (await store.latestAnalyses()).sort((a, b) => a.instance_id.localeCompare(b.instance_id));
    expect(latest.map((l) => [l.instance_id, l.ended.id, l.ended.keys, l.succeeded?.id ?? null])).toEqual([
      ['i1', task(2).id, null, task(1).id],
      ['i2', task(4).id, null, task(4).id],
      ['i3', task(5).id, null, null],
    ]);
    expect(latest[0]!.succeeded?.keys).toEqual(keys);
  });

  it('refuses a start while the instance, or another instance on the same server, has an active analysis', async () => {
    const { store, reopen } = await openStore();
    // A SQLite file has one BFF process; PostgreSQL any number, each with its own connections.
    const other = kind === 'postgres' ? await reopen() : store;
    const start = (t: Task, servers: string[], queueBehind = false) =>
      store.start(t, { owner: 'a', servers, queueBehind });
    const [first, second] = await Promise.all([
      start(task(1, 'waiting'), ['run-1']),
      other.start(task(2, 'waiting'), { owner: 'b', servers: ['run-1'], queueBehind: false }),
    ]);
    // Two replicas starting in the same instant: exactly one records its analysis.
    expect([first, second].filter((refusal) => refusal === undefined)).toHaveLength(1);
    const winner = first === undefined ? task(1).id : task(2).id;
    expect((await start(task(3, 'waiting'), ['run-1']))?.busy.id).toBe(winner);
    expect(await start({ ...task(4, 'waiting'), instance_id: 'alias' }, ['run-1'])).toMatchObject({
      busy: { id: winner },
      sameServerAs: 'i1',
    });
    expect(await start({ ...task(5, 'waiting'), instance_id: 'elsewhere' }, ['run-2'])).toBeUndefined();
    // A sampling queues behind its own instance's analysis, and knows it does.
    expect(await start({ ...task(6, 'waiting'), method: 'sample' }, ['run-1'], true)).toBeUndefined();
    expect(await store.activeBefore('i1', task(6).id)).toBe(true);
    await store.markFailed(winner, 'cancelled', new Date());
    expect(await store.activeBefore('i1', task(6).id)).toBe(false);
    expect(await start({ ...task(7, 'waiting'), instance_id: 'alias' }, ['run-1'])).toMatchObject({
      busy: { id: task(6).id },
      sameServerAs: 'i1',
    });
  });

  it('carries progress and cancel requests between replicas until the analysis ends', async () => {
    const { store, reopen } = await openStore();
    const other = await reopen();
    await store.start(task(1, 'waiting'), { owner: 'a', servers: ['s'], queueBehind: false });
    await store.markRunning(task(1).id, new Date());
    const progress = { scanned: 40, total: 100, shards: [] };
    await store.saveProgress(task(1).id, progress);
    expect((await other.get('i1', task(1).id))?.progress).toEqual(progress);
    expect(await other.requestCancel('i1', task(1).id, 'cancelled')).toBe(true);
    expect(await other.requestCancel('i1', task(1).id, 'cancelled')).toBe(false);
    expect(await store.stopRequests([task(1).id])).toEqual(new Map([[task(1).id, 'cancelled']]));
    await store.markFailed(task(1).id, 'cancelled', new Date());
    expect(await other.get('i1', task(1).id)).not.toHaveProperty('progress');
    // An owner still running an analysis whose record ended, or was deleted, is told to stop too.
    expect(await store.stopRequests([task(1).id, task(2).id])).toEqual(
      new Map([
        [task(1).id, 'its record was ended (failed)'],
        [task(2).id, 'deleted'],
      ]),
    );
    expect(await other.requestCancel('i1', task(1).id, 'cancelled')).toBe(false);
  });

  it('fails only the analyses of replicas whose heartbeat stopped, naming the replica', async () => {
    const { store, db } = await openStore();
    const beat = new Date('2026-01-01T00:01:00.000Z');
    await db.run(`INSERT INTO replicas (id, started_at, heartbeat_at) VALUES ('alive', ?, ?), ('dead', ?, ?)`, [
      beat.toISOString(),
      beat.toISOString(),
      beat.toISOString(),
      new Date(beat.getTime() - 60_000).toISOString(),
    ]);
    for (const [n, owner] of [
      [1, 'alive'],
      [2, 'dead'],
      [3, 'me'],
    ] as const) {
      await store.start({ ...task(n, 'running'), instance_id: `i${n}` }, { owner, servers: [], queueBehind: false });
    }
    expect(await store.failOrphans('me', new Date(beat.getTime() - 10_000))).toBe(1);
    expect((await store.get('i2', task(2).id))?.failure_reason).toBe(replicaStoppedReason('dead'));
    expect((await store.get('i1', task(1).id))?.status).toBe('running');
    expect((await store.get('i3', task(3).id))?.status).toBe('running');
  });

  describe('kept copies', () => {
    it('refreshes its own copy but never overwrites another instance record with the same id', async () => {
      const { store } = await openStore();
      await store.insert(task(1));
      await store.keepCopy({ ...task(1), instance_id: 'cloud', status: 'failed' });
      expect((await store.get('i1', task(1).id))?.status).toBe('success');
      await store.keepCopy({ ...task(2), instance_id: 'cloud', status: 'running' });
      await store.keepCopy({ ...task(2), instance_id: 'cloud', status: 'success', num: 3 });
      expect(await store.get('cloud', task(2).id)).toMatchObject({ status: 'success', num: 3 });
    });
  });

  describe('last analysis', () => {
    const at = (second: number) => new Date(Date.UTC(2026, 0, 2, 0, 0, second));
    const key = (name: string, fields: Partial<KeyRecord> = {}): KeyRecord => ({
      name,
      type: 'string',
      db: 0,
      size: 1,
      unit: 'byte',
      freq: 10,
      ...fields,
    });

    it('names the newest success and its key of highest freq; a later failure does not count', async () => {
      const { store } = await openStore();
      expect(await store.lastAnalysis('i1')).toBeNull();
      await store.insert({ ...task(1, 'running'), method: 'lfu' });
      await store.markSuccess(task(1).id, [key('warm', { freq: 80 }), key('hot', { db: 2, freq: 200 })], at(10));
      await store.insert(task(2, 'running'));
      await store.markFailed(task(2).id, 'refused', at(20));
      expect(await store.lastAnalysis('i1')).toEqual({
        id: task(1).id,
        finished_at: at(10).toISOString(),
        method: 'lfu',
        num: 2,
        top_key: { name: 'hot', db: 2, freq: 200 },
      });
    });

    it('ranks a sampling by measured rate and keeps a binary name flagged', async () => {
      const { store } = await openStore();
      await store.insert({ ...task(1, 'running'), method: 'sample', seconds: 5 });
      const sample = (per_second: number) => ({ count: per_second * 5, per_second, commands: { GET: per_second * 5 } });
      await store.markSuccess(
        task(1).id,
        [
          key('busy', { freq: 255, sample: sample(10) }),
          key('\\xff\\x00', { binary: true, freq: 9, sample: sample(40) }),
        ],
        at(5),
      );
      expect((await store.lastAnalysis('i1'))?.top_key).toEqual({
        name: '\\xff\\x00',
        binary: true,
        db: 0,
        freq: 9,
        per_second: 40,
      });
    });

    it('says a result came from a kept cloud copy, and has no top key for an empty result', async () => {
      const { store } = await openStore();
      await store.keepCopy({ ...task(3), instance_id: 'cloud', finished_at: at(3).toISOString(), num: 0, keys: [] });
      expect(await store.lastAnalysis('cloud')).toMatchObject({ id: task(3).id, top_key: null, kept_copy: true });
    });
  });
});
