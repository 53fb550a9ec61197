import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { isTerminal, type Task, taskSchema } from '../../contract/hotkey-task';
import { keyHistorySchema, keyTrend } from '../../contract/key-history';
import { type Watch, watchListSchema, watchSchema, watchSeriesSchema } from '../../contract/watch';
import { parseConfig } from '../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { ManualClock } from '../../../test-support/manual-clock';
import { RateDriver } from '../sources/redis/sample/rate-driver';
import {
  connect,
  disconnect,
  LFU_TEST_ARGS,
  setFreq,
  type TestClient,
  waitUntil,
} from '../../../test-support/lfu-keyspace';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { startDcsDashboard } from '../../../test-support/dcs-dashboard';
import { startBff } from '../../../test-support/spawn-bff';

const TOKENS = { ALICE_TOKEN: 'alice-operator-token-0123456789', BOB_TOKEN: 'bob-viewer-token-0123456789abc' };
const AUTH = {
  mode: 'token' as const,
  tokens: [
    { user: 'alice', role: 'operator' as const, tokenEnv: 'ALICE_TOKEN' },
    { user: 'bob', role: 'viewer' as const, tokenEnv: 'BOB_TOKEN' },
  ],
};

/** Calls the BFF as a user: every answer is JSON, errors in the project's shape. */
const caller = (baseUrl: string, token: string) => async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-requested-with': 'test', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await response.json();
  if (response.status >= 400) errorBodySchema.parse(json);
  return { status: response.status, json };
};
type Call = ReturnType<typeof caller>;

async function waitForTask(call: Call, taskId: string): Promise<Task> {
  let task: Task | undefined;
  await waitUntil(async () => {
    task = taskSchema.parse((await call('GET', `/api/instances/cache/hotkey-tasks/${taskId}`)).json);
    return isTerminal(task.status);
  }, 30_000);
  return task!;
}

const watchOf = async (call: Call, id: string): Promise<Watch> =>
  watchSchema.parse((await call('GET', `/api/instances/cache/watches/${id}`)).json);

/** Waits for the watch's newest analysis, which must have succeeded. */
async function newestIteration(call: Call, watchId: string, count: number): Promise<Task> {
  const watch = await watchOf(call, watchId);
  expect(watch.task_ids).toHaveLength(count);
  const task = await waitForTask(call, watch.task_ids.at(-1)!);
  expect(task).toMatchObject({ status: 'success', scan_type: 'watch', watch_id: watchId });
  return task;
}

describe('watches against a real redis-server', () => {
  let redis: RedisServerProcess;
  let admin: TestClient;
  let traffic: TestClient;
  let dataDir: string;
  let dashboard: RunningDashboard;
  // Timers fire a millisecond early, as the system's may: still one iteration per grid time.
  const clock = new ManualClock('2026-03-01T12:00:00Z', { earlyMs: 1 });
  let alice: Call;
  let bob: Call;
  const freqOf = async (key: string) => Number(await admin.sendCommand(['OBJECT', 'FREQ', key]));

  beforeAll(async () => {
    // No decay: a minute boundary during the test must not move the counters the test compares.
    redis = await startRedisServer({ args: LFU_TEST_ARGS });
    admin = await connect(redis.url);
    traffic = await connect(redis.url);
    for (const [key, freq] of [
      ['steady:a', 30],
      ['steady:b', 25],
      ['steady:c', 20],
    ] as const) {
      await admin.set(key, 'v');
      await setFreq(admin, key, freq);
    }
    await admin.set('driven', 'v');
    dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-watch-'));
    const config = parseConfig(
      { auth: AUTH, sources: [{ kind: 'redis', id: 'cache', name: 'Cache', url: redis.url }] },
      'test',
    );
    dashboard = await startDashboard({ config, dataDir, host: '127.0.0.1', port: 0, clock, env: TOKENS });
    alice = caller(dashboard.url, TOKENS.ALICE_TOKEN);
    bob = caller(dashboard.url, TOKENS.BOB_TOKEN);
  });

  afterAll(async () => {
    await dashboard?.close();
    disconnect(admin);
    disconnect(traffic);
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets viewers read watches and only operators start or stop them', async () => {
    const refused = await bob('POST', '/api/instances/cache/watches', {});
    expect(refused.status).toBe(403);
    expect(watchListSchema.parse((await bob('GET', '/api/instances/cache/watches')).json).records).toEqual([]);
    expect((await alice('POST', '/api/instances/cache/watches', { every_seconds: 5 })).status).toBe(400);
    expect((await alice('POST', '/api/instances/cache/watches', { for_seconds: 14_401 })).status).toBe(400);
    expect((await alice('POST', '/api/instances/cache/watches', { method: 'lfu', extra: 1 })).status).toBe(400);
    expect((await alice('GET', '/api/instances/nowhere/watches')).status).toBe(404);
  });

  it('shows a key driven harder mid-watch as rising on its timeline and as the one that rose most', async () => {
    const slow = new RateDriver(traffic, [{ key: 'driven', perSecond: 20, command: 'GET' }]);
    slow.start();
    await waitUntil(async () => (await freqOf('driven')) > 6);
    await slow.stop();

    const started = await alice('POST', '/api/instances/cache/watches', {
      method: 'lfu',
      every_seconds: 10,
      for_seconds: 120,
    });
    expect(started.status, JSON.stringify(started.json)).toBe(200);
    const watch = watchSchema.parse(started.json);
    expect(watch).toMatchObject({
      instance_id: 'cache',
      status: 'running',
      method: 'lfu',
      every_seconds: 10,
      for_seconds: 120,
      started_at: '2026-03-01T12:00:00.000Z',
      ends_at: '2026-03-01T12:02:00.000Z',
      started_by: 'alice',
    });
    expect(watch.task_ids).toHaveLength(1);
    const second = await alice('POST', '/api/instances/cache/watches', {});
    expect(second.status, 'one watch per instance at a time').toBe(409);

    const first = await newestIteration(alice, watch.id, 1);
    const before = first.keys!.find((key) => key.name === 'driven')!.freq!;

    // The driven key's rate goes up between the iterations, and stays up.
    const fast = new RateDriver(traffic, [{ key: 'driven', perSecond: 3000, command: 'GET' }]);
    fast.start();
    try {
      await waitUntil(async () => (await freqOf('driven')) >= before + 8, 15_000);
      await clock.advance(10_000);
      const middle = (await newestIteration(alice, watch.id, 2)).keys!.find((key) => key.name === 'driven')!.freq!;
      await waitUntil(async () => (await freqOf('driven')) >= middle + 3, 15_000);
      await clock.advance(10_000);
      await newestIteration(alice, watch.id, 3);
    } finally {
      await fast.stop();
    }

    const history = keyHistorySchema.parse((await bob('GET', '/api/instances/cache/key-history?db=0&key=driven')).json);
    expect(history.points.map((point) => point.scan_type)).toEqual(['watch', 'watch', 'watch']);
    const freqs = history.points.map((point) => point.freq!);
    expect(freqs[2]).toBeGreaterThan(freqs[0]!);
    expect(keyTrend(history.points)).toMatchObject({ direction: 'rising', measure: 'freq', idleDecay: false });

    const series = watchSeriesSchema.parse((await bob('GET', `/api/instances/cache/watches/${watch.id}/keys`)).json);
    expect(series.iterations).toHaveLength(3);
    expect(series.rose_most).toMatchObject({ name: 'driven', db: 0, after: freqs[2], before: freqs[1] });
    const steady = series.keys.find((key) => key.name === 'steady:a');
    expect(steady?.values).toEqual([30, 30, 30]);
  });

  it('skips an iteration that finds another analysis running, and says so', async () => {
    const [watch] = watchListSchema.parse((await alice('GET', '/api/instances/cache/watches')).json).records;
    const sampling = await alice('POST', '/api/instances/cache/hotkey-tasks', { method: 'sample', seconds: 2 });
    expect(sampling.status).toBe(200);
    const manual = taskSchema.parse(sampling.json);
    await clock.advance(10_000);
    const skipped = await watchOf(alice, watch!.id);
    expect(skipped.task_ids).toHaveLength(3);
    expect(skipped.skips).toEqual([
      { at: '2026-03-01T12:00:30.000Z', reason: expect.stringContaining(`analysis ${manual.id} was still`) },
    ]);
    await waitForTask(alice, manual.id);
  });

  it('stops by hand: no further iteration, the record says who stopped it', async () => {
    const [running] = watchListSchema.parse((await alice('GET', '/api/instances/cache/watches')).json).records;
    expect((await bob('POST', `/api/instances/cache/watches/${running!.id}/stop`, {})).status).toBe(403);
    const stopped = await alice('POST', `/api/instances/cache/watches/${running!.id}/stop`, {});
    expect(stopped.status).toBe(200);
    expect(watchSchema.parse(stopped.json)).toMatchObject({
      status: 'stopped',
      ended_at: '2026-03-01T12:00:30.000Z',
      end_reason: 'stopped by alice',
    });
    await clock.advance(60_000);
    expect((await watchOf(bob, running!.id)).task_ids).toHaveLength(3);
    expect((await alice('POST', `/api/instances/cache/watches/${running!.id}/stop`, {})).status).toBe(409);
  });

  it('finishes at its end after the iterations that fit', async () => {
    const watch = watchSchema.parse(
      (await alice('POST', '/api/instances/cache/watches', { method: 'lfu', every_seconds: 10, for_seconds: 20 })).json,
    );
    await newestIteration(alice, watch.id, 1);
    await clock.advance(10_000);
    await newestIteration(alice, watch.id, 2);
    await clock.advance(10_000);
    expect(await watchOf(bob, watch.id)).toMatchObject({
      status: 'finished',
      ended_at: watch.ends_at,
      end_reason: 'ran for its whole duration',
      task_ids: [expect.any(String), expect.any(String)],
    });
  });

  it('keeps its period after the wall clock is set back by more than one', async () => {
    const watch = watchSchema.parse(
      (await alice('POST', '/api/instances/cache/watches', { method: 'lfu', every_seconds: 10, for_seconds: 120 }))
        .json,
    );
    await newestIteration(alice, watch.id, 1);
    clock.stepWall(-30_000);
    try {
      await clock.advance(10_000);
      await newestIteration(alice, watch.id, 2);
      await clock.advance(10_000);
      await newestIteration(alice, watch.id, 3);
    } finally {
      clock.stepWall(30_000);
      await alice('POST', `/api/instances/cache/watches/${watch.id}/stop`, {});
    }
  });
});

describe('watches and restarts', () => {
  it('audits the start, and marks a watch whose BFF died as interrupted, never resumed', async () => {
    const redis = await startRedisServer({ args: LFU_TEST_ARGS });
    const dir = mkdtempSync(join(tmpdir(), 'hotkeys-watch-restart-'));
    const config = { sources: [{ kind: 'redis' as const, id: 'cache', name: 'Cache', url: redis.url }] };
    const dataDir = join(dir, 'data');
    try {
      let bff = await startBff({ dir, config, dataDir });
      const call = caller(bff.url, 'unused-in-auth-mode-none');
      const watch = watchSchema.parse(
        (await call('POST', '/api/instances/cache/watches', { every_seconds: 10, for_seconds: 600 })).json,
      );
      expect(watch.status).toBe('running');
      // Starting a watch is a state change like any other: one audit line naming it.
      await bff.waitForLog(
        (line) =>
          line.msg === 'audit' &&
          line.action === 'POST /api/instances/:id/watches' &&
          line.watch === watch.id &&
          line.result === 'ok',
      );
      await bff.stop('SIGKILL');

      bff = await startBff({ dir, config, dataDir });
      const after = caller(bff.url, 'unused-in-auth-mode-none');
      const read = watchSchema.parse((await after('GET', `/api/instances/cache/watches/${watch.id}`)).json);
      expect(read).toMatchObject({
        status: 'interrupted',
        end_reason: expect.stringMatching(/never resumed/),
        task_ids: watch.task_ids,
      });
      await bff.stop();
    } finally {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('watches of a DCS instance', () => {
  it('are refused with the reason', async () => {
    const dcs = await startDcsDashboard();
    try {
      const list = (await (await fetch(`${dcs.dashboard.url}/api/instances`)).json()) as {
        instances: { id: string }[];
      };
      const id = list.instances[0]!.id;
      const refused = await caller(dcs.dashboard.url, 'none')('POST', `/api/instances/${id}/watches`, {});
      expect(refused.status).toBe(400);
      expect(errorBodySchema.parse(refused.json).error_msg).toMatch(/self-managed Redis only/);
    } finally {
      await dcs.close();
    }
  });
});
