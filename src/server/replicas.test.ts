import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleRunListSchema } from '../contract/autoscan';
import { alertDeliveryListSchema } from '../contract/hotkey-alerts';
import { type Task, taskListSchema, taskSchema } from '../contract/hotkey-task';
import { watchSchema } from '../contract/watch';
import type { ConfigInput } from './config/config-schema';
import { type RedisServerProcess, startRedisServer } from './local-redis/redis-server-process';
import { seedStandalone } from './local-redis/seed-workload';
import { apiClient } from '../../test-support/api-client';
import { LFU_TEST_ARGS } from '../../test-support/lfu-keyspace';
import { type PostgresServer, startPostgres } from '../../test-support/postgres-server';
import { type ScanTargets, startScanTargets } from '../../test-support/scan-targets';
import { type SpawnedBff, startBff } from '../../test-support/spawn-bff';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver';

/**
 * Two BFF processes on one PostgreSQL database, behind no load balancer: each request goes to the replica the
 * test picks, as a load balancer without stickiness would send it.
 */
const TOKEN = 'replica-operator-token-0123456789';
const TIMEOUT_SECONDS = 2;
/** An analysis that runs for 30 s whatever the machine's speed: long enough to be cancelled, deleted or killed. */
const SAMPLE_30S = '{"method":"sample","seconds":30}';

let postgres: PostgresServer;
let targets: ScanTargets;
let scheduled: RedisServerProcess;
let webhook: WebhookReceiver;
let dir: string;
let databaseUrl: string;
let a: SpawnedBff;
let b: SpawnedBff;
let dueAt: Date;

const poll = async <T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const bearer: typeof fetch = (input, init) =>
  fetch(input, {
    ...init,
    headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${TOKEN}` },
  });
const api = (bff: SpawnedBff) => apiClient(bff.url, bearer);
const task = async (bff: SpawnedBff, instance: string, id: string): Promise<Task> =>
  taskSchema.parse((await api(bff).get(`/api/instances/${instance}/hotkey-tasks/${id}`)).json);
const runningWithProgress = (bff: SpawnedBff, instance: string, id: string) =>
  poll(`${id} running with progress`, async () => {
    const seen = await task(bff, instance, id);
    expect(seen.status).not.toMatch(/success|failed/);
    return seen.status === 'running' && (seen.progress?.scanned ?? 0) > 0 ? seen : undefined;
  });

function config(): ConfigInput {
  return {
    auth: { mode: 'token', tokens: [{ user: 'ops', role: 'operator', tokenEnv: 'REPLICA_TOKEN' }] },
    store: { kind: 'postgres', urlEnv: 'HOTKEYS_PG_URL', replicaTimeoutSeconds: TIMEOUT_SECONDS },
    sources: [
      ...targets.sources,
      // Another name for the big server: one analysis per server holds across ids and replicas.
      { kind: 'redis', id: 'big-alias', name: 'Big again', url: targets.big.url },
      { kind: 'redis', id: 'scheduled', name: 'Scheduled', url: scheduled.url },
    ],
    alerts: { webhookUrlEnv: 'REPLICA_WEBHOOK', maxAttempts: 1 },
  };
}

const replica = (name: string) => {
  mkdirSync(join(dir, name));
  return startBff({
    dir: join(dir, name),
    config: config(),
    env: { HOTKEYS_PG_URL: databaseUrl, REPLICA_TOKEN: TOKEN, REPLICA_WEBHOOK: webhook.url },
  });
};

beforeAll(async () => {
  [postgres, targets, scheduled, webhook] = await Promise.all([
    startPostgres(),
    startScanTargets(),
    startRedisServer({ args: LFU_TEST_ARGS }),
    startWebhookReceiver([200]),
  ]);
  await seedStandalone(scheduled.url, 1, { coldKeys: 50, warmKeys: 2, hottestHits: 100 });
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-replicas-'));
  databaseUrl = await postgres.createDatabase();
  // Both start at once on an empty database: the migrations run once, under the advisory lock.
  [a, b] = await Promise.all([replica('a'), replica('b')]);
  // The next minute, unless it is too close to be set in time (the PUT below takes milliseconds).
  const now = Date.now();
  dueAt = new Date((Math.floor(now / 60_000) + (now % 60_000 > 55_000 ? 2 : 1)) * 60_000);
  const put = await api(a).call(
    'PUT',
    '/api/instances/scheduled/hotkey-autoscan',
    JSON.stringify({ enable_auto_scan: true, schedule_at: [dueAt.toISOString().slice(11, 16)] }),
  );
  expect(put.status, JSON.stringify(put.json)).toBe(200);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([postgres?.stop(), targets?.stop(), scheduled?.stop(), webhook?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('two replicas on one PostgreSQL database', () => {
  it('migrated the empty database once, though both started together', async () => {
    const client = new pg.Client(databaseUrl);
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
      expect(rows).toEqual([{ version: 1 }]);
      const replicas = await client.query('SELECT id FROM replicas');
      expect(replicas.rowCount).toBe(2);
    } finally {
      await client.end();
    }
  });

  it('lets one of two simultaneous starts through, whichever replica each reaches', async () => {
    const starts = await Promise.all(
      [a, b].map((bff) => api(bff).call('POST', '/api/instances/big/hotkey-tasks', '{"impact":"fast"}')),
    );
    expect(starts.map((s) => s.status).sort()).toEqual([200, 409]);
    expect(starts.find((s) => s.status === 409)!.json.error_msg).toMatch(/still (waiting|running)/);
    const winner = taskSchema.parse(starts.find((s) => s.status === 200)!.json);
    const other = starts[0]!.status === 200 ? b : a;
    expect((await api(other).waitForTask('big', winner.id, 60_000)).status).toBe('success');
  }, 90_000);

  it('shows the progress of an analysis on the replica that does not run it, which also cancels it', async () => {
    const started = await api(a).startTask('big', SAMPLE_30S);
    const first = await runningWithProgress(b, 'big', started.id);
    await poll('more progress', async () => {
      const later = await task(b, 'big', started.id);
      expect(later.status).toBe('running');
      return (later.progress?.scanned ?? 0) > first.progress!.scanned ? later : undefined;
    });
    // The same server under another id is busy too, asked through the other replica.
    const alias = await api(b).call('POST', '/api/instances/big-alias/hotkey-tasks', '{"impact":"gentle"}');
    expect(alias.status).toBe(409);
    expect(alias.json.error_msg).toMatch(/instance big is the same server/);

    const asked = Date.now();
    const cancelled = await api(b).call('POST', `/api/instances/big/hotkey-tasks/${started.id}/cancel`, '');
    expect(cancelled.status, JSON.stringify(cancelled.json)).toBe(200);
    expect(taskSchema.parse(cancelled.json)).toMatchObject({ status: 'failed', failure_reason: 'cancelled' });
    // Well before the 30 s window would have ended it.
    expect(Date.now() - asked).toBeLessThan(15_000);
    expect(await task(a, 'big', started.id)).toMatchObject({ status: 'failed', failure_reason: 'cancelled' });
  }, 60_000);

  it('deletes through one replica an analysis the other is running', async () => {
    const started = await api(a).startTask('big', SAMPLE_30S);
    await runningWithProgress(b, 'big', started.id);
    const deleted = await api(b).call('DELETE', `/api/instances/big/hotkey-tasks/${started.id}`);
    expect(deleted.status).toBe(200);
    expect((await api(a).get(`/api/instances/big/hotkey-tasks/${started.id}`)).status).toBe(404);
    await a.waitForLog(
      (l) => l.msg === 'analysis failed' && l.task === started.id && l.reason === 'deleted while running',
    );
    // The instance is free again, on either replica.
    const next = await api(a).startTask('small');
    expect((await api(b).waitForTask('small', next.id)).status).toBe('success');
  }, 60_000);

  it('keeps a session made on one replica valid on the other, until it signs out there', async () => {
    const signIn = await fetch(`${a.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'hotkeys', origin: a.url },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const me = (bff: SpawnedBff) => fetch(`${bff.url}/api/me`, { headers: { cookie } });
    expect(await (await me(b)).json()).toMatchObject({ user: 'ops', role: 'operator' });
    const out = await fetch(`${b.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie, 'x-requested-with': 'hotkeys', origin: b.url, 'content-type': 'application/json' },
    });
    expect(out.status).toBe(200);
    expect((await me(a)).status).toBe(401);
  });

  it('delivers the alert of a finished analysis once, and both replicas list that one delivery', async () => {
    const before = webhook.calls.length;
    const rule = await api(b).call(
      'PUT',
      '/api/instances/small/hotkey-alert-rule',
      JSON.stringify({ enabled: true, freq_threshold: 5 }),
    );
    expect(rule.status, JSON.stringify(rule.json)).toBe(200);
    const started = await api(a).startTask('small');
    expect((await api(b).waitForTask('small', started.id)).status).toBe('success');
    const deliveries = (bff: SpawnedBff) =>
      poll('a delivered alert', async () => {
        const list = alertDeliveryListSchema.parse((await api(bff).get('/api/instances/small/hotkey-alerts')).json);
        const mine = list.records.filter((d) => d.task_id === started.id);
        return mine.some((d) => d.status === 'delivered') ? mine : undefined;
      });
    expect(await deliveries(b)).toHaveLength(1);
    expect(await deliveries(a)).toHaveLength(1);
    expect(webhook.calls.length - before).toBe(1);
  }, 60_000);

  it('stops through one replica a watch the other drives: its timer ends at the next iteration', async () => {
    const created = await api(a).call(
      'POST',
      '/api/instances/small/watches',
      JSON.stringify({ method: 'lfu', every_seconds: 10, for_seconds: 600 }),
    );
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    const watch = watchSchema.parse(created.json);
    expect(watch.task_ids).toHaveLength(1);
    const stopped = await api(b).call('POST', `/api/instances/small/watches/${watch.id}/stop`, '');
    expect(watchSchema.parse(stopped.json)).toMatchObject({ status: 'stopped', end_reason: 'stopped by ops' });
    await poll(
      'the owner noticing the stop',
      async () =>
        a.logLines().some((l) => l.msg === 'watch ended elsewhere' && l.watch === watch.id) ? true : undefined,
      20_000,
    );
    const after = watchSchema.parse((await api(a).get(`/api/instances/small/watches/${watch.id}`)).json);
    expect(after).toMatchObject({ status: 'stopped', task_ids: watch.task_ids });
  }, 40_000);

  it('runs a due time once with both replicas up: one auto analysis, claimed by one of them', async () => {
    const due = dueAt.toISOString();
    const started = (bff: SpawnedBff) => bff.logLines().filter((l) => l.msg === 'scheduled analysis started');
    const claimedBefore = (bff: SpawnedBff) =>
      bff.logLines().some((l) => l.msg === 'scheduled analysis claimed before' && l.due_at === due);
    await poll(
      'both replicas at the due time',
      async () =>
        (started(a).length > 0 || started(b).length > 0) && (claimedBefore(a) || claimedBefore(b)) ? true : undefined,
      dueAt.getTime() - Date.now() + 30_000,
    );
    expect(started(a).length + started(b).length).toBe(1);
    const runs = scheduleRunListSchema.parse((await api(b).get('/api/instances/scheduled/hotkey-autoscan/runs')).json);
    expect(runs.records.map((r) => [r.due_at, r.outcome])).toEqual([[due, 'started']]);
    const tasks = taskListSchema.parse((await api(a).get('/api/instances/scheduled/hotkey-tasks')).json);
    expect(tasks.records.map((t) => t.scan_type)).toEqual(['auto']);
    expect((await api(b).waitForTask('scheduled', tasks.records[0]!.id)).status).toBe('success');
  }, 150_000);

  it('marks the analysis and the watch of a replica killed mid-analysis interrupted, on the other', async () => {
    const watch = watchSchema.parse(
      (
        await api(a).call(
          'POST',
          '/api/instances/small/watches',
          JSON.stringify({ method: 'lfu', every_seconds: 60, for_seconds: 600 }),
        )
      ).json,
    );
    const started = await api(a).startTask('big', SAMPLE_30S);
    await runningWithProgress(b, 'big', started.id);
    await a.stop('SIGKILL');
    const interrupted = await poll('the interrupted analysis', async () => {
      const seen = await task(b, 'big', started.id);
      return seen.status === 'failed' ? seen : undefined;
    });
    expect(interrupted.failure_reason).toMatch(/^interrupted: replica \S+ stopped while this analysis was running$/);
    const ended = await poll('the interrupted watch', async () => {
      const seen = watchSchema.parse((await api(b).get(`/api/instances/small/watches/${watch.id}`)).json);
      return seen.status === 'running' ? undefined : seen;
    });
    expect(ended.status).toBe('interrupted');
    // The instance is free for the surviving replica.
    const next = await api(b).startTask('big', '{"impact":"fast"}');
    expect((await api(b).waitForTask('big', next.id, 60_000)).status).toBe('success');
  }, 90_000);
});
