import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { autoscanConfigSchema, scheduleRunListSchema } from '../../contract/autoscan';
import { taskListSchema } from '../../contract/hotkey-task';
import { configSchema } from '../config/config-schema';
import { findFreePort } from '../local-redis/free-port';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { seedStandalone } from '../local-redis/seed-workload';
import { RedisSource } from '../sources/redis/redis-source';
import { runLfuScan } from '../sources/redis/scan/run-lfu-scan';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { openDatabase } from '../store/sqlite-database';
import { TaskStore } from '../store/task-store';
import { apiClient } from '../../../test-support/api-client';
import { ManualClock } from '../../../test-support/manual-clock';
import type { Clock } from './clock';
import { Scheduler } from './scheduler';
import { ScheduleStore } from './schedule-store';

const LFU = ['--maxmemory-policy', 'allkeys-lfu'];

let redis: RedisServerProcess;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotkeys-schedule-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  redis = await startRedisServer({ args: LFU });
  await seedStandalone(redis.url, 1, { coldKeys: 50, warmKeys: 5, hottestHits: 2000 });
}, 60_000);

afterAll(async () => {
  await redis?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the BFF scheduler against a real redis-server', () => {
  const config = () => configSchema.parse({ sources: [{ kind: 'redis', id: 'cache', name: 'Cache', url: redis.url }] });
  const dataDir = tempDir();
  let dashboard: RunningDashboard | undefined;

  afterAll(async () => {
    await dashboard?.close();
  });

  const start = async (clock: ManualClock) => {
    dashboard = await startDashboard({ config: config(), dataDir, host: '127.0.0.1', port: 0, clock });
    // The first check of the current minute runs on a zero-delay timer.
    await clock.advance(0);
    return apiClient(dashboard.url);
  };
  const tasksOf = async (api: ReturnType<typeof apiClient>) =>
    taskListSchema.parse((await api.get('/api/instances/cache/hotkey-tasks?limit=100')).json);
  const runsOf = async (api: ReturnType<typeof apiClient>) =>
    scheduleRunListSchema.parse((await api.get('/api/instances/cache/hotkey-autoscan/runs')).json).records;

  it('answers an instance never scheduled as disabled, like DCS', async () => {
    const api = await start(new ManualClock('2026-03-01T20:58:00Z'));
    const { status, json } = await api.get('/api/instances/cache/hotkey-autoscan');
    expect(status).toBe(200);
    expect(json).toEqual({ instance_id: 'cache', enable_auto_scan: false, schedule_at: [], updated_at: null });
    await dashboard!.close();
    dashboard = undefined;
  });

  it('starts exactly one automatic analysis at the due minute, and none after a restart within it', async () => {
    const clock = new ManualClock('2026-03-01T20:59:30Z');
    let api = await start(clock);

    const put = await api.call(
      'PUT',
      '/api/instances/cache/hotkey-autoscan',
      JSON.stringify({ enable_auto_scan: true, schedule_at: ['21:02', '21:00'] }),
    );
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(autoscanConfigSchema.parse(put.json)).toEqual({
      instance_id: 'cache',
      enable_auto_scan: true,
      schedule_at: ['21:00', '21:02'],
      updated_at: '2026-03-01T20:59:30.000Z',
    });
    expect((await api.get('/api/instances/cache/hotkey-autoscan')).json).toEqual(put.json);

    await clock.set('2026-03-01T20:59:59.999Z');
    expect((await tasksOf(api)).count).toBe(0);

    await clock.set('2026-03-01T21:00:00.000Z');
    const [auto] = (await tasksOf(api)).records;
    expect(auto).toMatchObject({ scan_type: 'auto', method: 'lfu' });
    expect(await runsOf(api)).toEqual([
      expect.objectContaining({ due_at: '2026-03-01T21:00:00.000Z', outcome: 'started', task_id: auto!.id }),
    ]);
    expect((await api.waitForTask('cache', auto!.id)).status).toBe('success');

    await clock.set('2026-03-01T21:00:50.000Z');
    expect((await tasksOf(api)).count).toBe(1);

    // Stop and start again inside the due minute: the claim of 21:00 is on disk.
    await dashboard!.close();
    const restarted = new ManualClock('2026-03-01T21:00:55Z');
    api = await start(restarted);
    expect((await tasksOf(api)).count).toBe(1);
    expect(await runsOf(api)).toHaveLength(1);

    // The schedule itself survived the restart.
    await restarted.set('2026-03-01T21:02:00Z');
    const { records, count } = await tasksOf(api);
    expect(count).toBe(2);
    expect(records.map((r) => r.scan_type)).toEqual(['auto', 'auto']);
    expect((await runsOf(api)).map((r) => r.due_at)).toEqual(['2026-03-01T21:02:00.000Z', '2026-03-01T21:00:00.000Z']);
    await api.waitForTask('cache', records[0]!.id);
  });

  it('refuses bad schedules with a 400 error body', async () => {
    const api = apiClient(dashboard!.url);
    for (const body of [
      { enable_auto_scan: true, schedule_at: ['24:00'] },
      { enable_auto_scan: true, schedule_at: [] },
      { enable_auto_scan: true, schedule_at: ['21:00', '21:00'] },
      { enable_auto_scan: true },
    ]) {
      const { status, json } = await api.call('PUT', '/api/instances/cache/hotkey-autoscan', JSON.stringify(body));
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error_code).toBe('HOTKEYS.400');
    }
  });
});

/** A scheduler of one instance's gentle analyses, as the BFF builds it (without a dashboard around it). */
const schedulerOf = (
  clock: Clock,
  schedules: ScheduleStore,
  store: TaskStore,
  instanceId: string,
  source: RedisSource,
): Scheduler =>
  new Scheduler({
    clock,
    schedules,
    targets: new Map([[instanceId, { source, impact: 'gentle' as const }]]),
    activeTask: (id) => store.active(id),
  });

describe('the scheduler beside other analyses', () => {
  it('records a skip when another analysis of the instance is still running', async () => {
    const db = openDatabase(tempDir());
    const store = new TaskStore(db);
    const clock = new ManualClock('2026-03-01T05:59:00Z');
    const schedules = new ScheduleStore(db, () => clock.now());
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const source = new RedisSource(
      { kind: 'redis', id: 'busy', name: 'Busy', url: redis.url },
      {
        store,
        owner: 'test',
        defaultTopN: 10,
        autoscan: schedules,
        scan: async (options) => {
          await blocked;
          return runLfuScan(options);
        },
      },
    );
    const scheduler = schedulerOf(clock, schedules, store, 'busy', source);
    try {
      scheduler.start();
      await source.putAutoscan('busy', { enable_auto_scan: true, schedule_at: ['06:00'] });
      const manual = await source.createTask('busy', { method: 'lfu', impact: 'gentle' });

      await clock.set('2026-03-01T06:00:00Z');
      expect((await store.list('busy', { offset: 0, limit: 10 })).records.map((r) => r.id)).toEqual([manual.id]);
      expect(await schedules.runs('busy', 10)).toEqual([
        {
          due_at: '2026-03-01T06:00:00.000Z',
          outcome: 'skipped',
          task_id: null,
          reason: `analysis ${manual.id} was still running`,
          recorded_at: '2026-03-01T06:00:00.000Z',
        },
      ]);
    } finally {
      release();
      await scheduler.stop();
      await source.close();
      await db.close();
    }
  });

  it('records a failed start and keeps going when the instance cannot be reached', async () => {
    const db = openDatabase(tempDir());
    const store = new TaskStore(db);
    const clock = new ManualClock('2026-03-01T23:58:30Z');
    const schedules = new ScheduleStore(db, () => clock.now());
    const url = `redis://127.0.0.1:${await findFreePort()}`;
    const source = new RedisSource(
      { kind: 'redis', id: 'gone', name: 'Gone', url },
      { store, owner: 'test', defaultTopN: 10 },
    );
    const scheduler = schedulerOf(clock, schedules, store, 'gone', source);
    try {
      scheduler.start();
      await schedules.put('gone', { enable_auto_scan: true, schedule_at: ['23:59', '00:00'] });
      await clock.set('2026-03-02T00:00:10Z');
      const runs = await schedules.runs('gone', 10);
      expect(runs.map((r) => [r.due_at, r.outcome])).toEqual([
        ['2026-03-02T00:00:00.000Z', 'failed'],
        ['2026-03-01T23:59:00.000Z', 'failed'],
      ]);
      expect(runs[0]!.reason).toMatch(/unreachable/);
    } finally {
      await scheduler.stop();
      await source.close();
      await db.close();
    }
  });
});

describe("the scheduler's timers", () => {
  it('starts a due minute within it when each timer fires a millisecond early and each tick ends past the minute', async () => {
    const db = openDatabase(tempDir());
    const store = new TaskStore(db);
    // Reading the schedules takes a few milliseconds: a tick whose timer fired early ends past the minute.
    const clock = new ManualClock('2026-03-01T05:58:30Z', { earlyMs: 1 });
    class SlowReads extends ScheduleStore {
      override enabled() {
        clock.spend(5);
        return super.enabled();
      }
    }
    const schedules = new SlowReads(db, () => clock.now());
    const source = new RedisSource(
      { kind: 'redis', id: 'cache', name: 'Cache', url: redis.url },
      { store, owner: 'test', defaultTopN: 10, autoscan: schedules },
    );
    const scheduler = schedulerOf(clock, schedules, store, 'cache', source);
    try {
      await schedules.put('cache', { enable_auto_scan: true, schedule_at: ['06:00'] });
      scheduler.start();
      await clock.set('2026-03-01T06:00:59Z');
      const runs = await schedules.runs('cache', 10);
      expect(runs.map((r) => [r.due_at, r.outcome])).toEqual([['2026-03-01T06:00:00.000Z', 'started']]);
      // Within the due minute's first second, not a minute later.
      expect(Date.parse(runs[0]!.recorded_at) - Date.parse('2026-03-01T06:00:00Z')).toBeLessThan(1000);
      await vi.waitFor(async () => expect((await store.get('cache', runs[0]!.task_id!))?.status).toBe('success'), {
        timeout: 30_000,
      });
    } finally {
      await scheduler.stop();
      await source.close();
      await db.close();
    }
  });
});
