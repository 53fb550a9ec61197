import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyRecord, Task } from '../../contract/hotkey-task';
import { openDatabase } from './sqlite-database';
import { MAX_RECORDS_PER_INSTANCE, TaskStore } from './task-store';

const dirs: string[] = [];
const openStore = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotkeys-store-'));
  dirs.push(dir);
  return { store: new TaskStore(openDatabase(dir)), dir };
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const task = (n: number, status: Task['status'] = 'success'): Task => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  instance_id: 'i1',
  status,
  scan_type: 'manual',
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
});

describe('TaskStore', () => {
  it('keeps at most 100 records per instance, dropping the oldest first', () => {
    const { store } = openStore();
    for (let n = 1; n <= MAX_RECORDS_PER_INSTANCE + 5; n++) store.insert(task(n));
    store.insert({ ...task(1000), instance_id: 'other' });
    const list = store.list('i1', { offset: 0, limit: 1000 });
    expect(list.count).toBe(MAX_RECORDS_PER_INSTANCE);
    expect(list.records[0]?.id).toBe(task(105).id);
    expect(list.records.at(-1)?.id).toBe(task(6).id);
    expect(store.list('other', { offset: 0, limit: 10 }).count).toBe(1);
  });

  it('never drops an active analysis to make room', () => {
    const { store } = openStore();
    store.insert(task(1, 'running'));
    for (let n = 2; n <= MAX_RECORDS_PER_INSTANCE + 3; n++) store.insert(task(n));
    expect(store.get('i1', task(1).id)?.status).toBe('running');
    expect(store.list('i1', { offset: 0, limit: 1000 }).count).toBe(MAX_RECORDS_PER_INSTANCE);
  });

  it('pages and filters by status, newest first', () => {
    const { store } = openStore();
    for (let n = 1; n <= 7; n++) store.insert(task(n, n % 2 ? 'success' : 'failed'));
    const page = store.list('i1', { offset: 2, limit: 2, status: 'success' });
    expect(page.count).toBe(4);
    expect(page.records.map((r) => r.id)).toEqual([task(3).id, task(1).id]);
  });

  it('moves a task through its states once and keeps its keys', () => {
    const { store, dir } = openStore();
    store.insert(task(1, 'waiting'));
    store.markRunning(task(1).id, new Date());
    const keys = [{ name: 'k', type: 'string', db: 0, size: 3, unit: 'byte', freq: 9 }];
    store.markSuccess(task(1).id, keys, new Date());
    store.markFailed(task(1).id, 'too late', new Date());
    const reopened = new TaskStore(openDatabase(dir));
    expect(reopened.get('i1', task(1).id)).toMatchObject({ status: 'success', num: 1, keys, failure_reason: null });
  });

  it('keeps what an analysis measured of itself, across a restart', () => {
    const { store, dir } = openStore();
    store.insert(task(1, 'running'));
    store.insert(task(2, 'running'));
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
    store.markSuccess(task(1).id, [], new Date(), { note: 'sliced', impact_measured, sampled });
    store.markSuccess(task(2).id, [], new Date());
    const reopened = new TaskStore(openDatabase(dir));
    expect(reopened.get('i1', task(1).id)).toMatchObject({ note: 'sliced', impact_measured, sampled });
    expect(reopened.get('i1', task(2).id)).not.toHaveProperty('impact_measured');
  });

  it('fails tasks left running by a dead BFF', () => {
    const { store } = openStore();
    store.insert(task(1, 'running'));
    store.insert(task(2, 'success'));
    expect(store.failInterrupted()).toBe(1);
    expect(store.get('i1', task(1).id)?.failure_reason).toMatch(/interrupted/);
    expect(store.get('i1', task(2).id)?.status).toBe('success');
  });

  it('reads the newest ended and the newest successful analysis of every instance, for /metrics', () => {
    const { store } = openStore();
    const keys = [{ name: 'k', type: 'string', db: 0, size: 3, unit: 'byte', freq: 9 }];
    store.insert({ ...task(1), keys, num: 1 });
    store.insert({ ...task(2, 'failed'), failure_reason: 'cancelled' });
    store.insert(task(3, 'running'));
    store.insert({ ...task(4), instance_id: 'i2', keys: [], num: 0 });
    store.insert({ ...task(5, 'failed'), instance_id: 'i3' });
    store.insert({ ...task(6, 'waiting'), instance_id: 'i4' });
    const latest = store.latestAnalyses().sort((a, b) => a.instance_id.localeCompare(b.instance_id));
    expect(latest.map((l) => [l.instance_id, l.ended.id, l.ended.keys, l.succeeded?.id ?? null])).toEqual([
      ['i1', task(2).id, null, task(1).id],
      ['i2', task(4).id, null, task(4).id],
      ['i3', task(5).id, null, null],
    ]);
    expect(latest[0]!.succeeded?.keys).toEqual(keys);
  });
});

describe('TaskStore kept copies', () => {
  it('refreshes its own copy but never overwrites another instance record with the same id', () => {
    const { store } = openStore();
    store.insert(task(1));
    store.keepCopy({ ...task(1), instance_id: 'cloud', status: 'failed' });
    expect(store.get('i1', task(1).id)?.status).toBe('success');
    store.keepCopy({ ...task(2), instance_id: 'cloud', status: 'running' });
    store.keepCopy({ ...task(2), instance_id: 'cloud', status: 'success', num: 3 });
    expect(store.get('cloud', task(2).id)).toMatchObject({ status: 'success', num: 3 });
  });
});

describe('TaskStore last analysis', () => {
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

  it('names the newest success and its key of highest freq; a later failure does not count', () => {
    const { store } = openStore();
    expect(store.lastAnalysis('i1')).toBeNull();
    store.insert({ ...task(1, 'running'), method: 'lfu' });
    store.markSuccess(task(1).id, [key('warm', { freq: 80 }), key('hot', { db: 2, freq: 200 })], at(10));
    store.insert(task(2, 'running'));
    store.markFailed(task(2).id, 'refused', at(20));
    expect(store.lastAnalysis('i1')).toEqual({
      id: task(1).id,
      finished_at: at(10).toISOString(),
      method: 'lfu',
      num: 2,
      top_key: { name: 'hot', db: 2, freq: 200 },
    });
  });

  it('ranks a sampling by measured rate and keeps a binary name flagged', () => {
    const { store } = openStore();
    store.insert({ ...task(1, 'running'), method: 'sample', seconds: 5 });
    const sample = (per_second: number) => ({ count: per_second * 5, per_second, commands: { GET: per_second * 5 } });
    store.markSuccess(
      task(1).id,
      [
        key('busy', { freq: 255, sample: sample(10) }),
        key('\\xff\\x00', { binary: true, freq: 9, sample: sample(40) }),
      ],
      at(5),
    );
    expect(store.lastAnalysis('i1')?.top_key).toEqual({
      name: '\\xff\\x00',
      binary: true,
      db: 0,
      freq: 9,
      per_second: 40,
    });
  });

  it('says a result came from a kept cloud copy, and has no top key for an empty result', () => {
    const { store } = openStore();
    store.keepCopy({ ...task(3), instance_id: 'cloud', finished_at: at(3).toISOString(), num: 0, keys: [] });
    expect(store.lastAnalysis('cloud')).toMatchObject({ id: task(3).id, top_key: null, kept_copy: true });
  });
});
