import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskSchema } from '../../../../contract/hotkey-task';
import { instanceSummarySchema } from '../../../../contract/instance-summary';
import { parseConfig } from '../../../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../../../local-redis/redis-server-process';
import { type RunningDashboard, startDashboard } from '../../../start-dashboard';
import { apiClient } from '../../../../../test-support/api-client';
import { connect, disconnect, type TestClient, waitUntil } from '../../../../../test-support/lfu-keyspace';
import { expectPlausibleImpact } from '../../../../../test-support/expect-impact';
import { RateDriver } from './rate-driver';

const monitorCount = async (client: TestClient): Promise<number> =>
  String(await client.sendCommand(['CLIENT', 'LIST']))
    .split('\n')
    .filter((line) => /\bflags=\w*O|\bcmd=monitor\b/.test(line)).length;

describe('sampling through the BFF', () => {
  let server: RedisServerProcess;
  let admin: TestClient;
  let traffic: TestClient;
  let driver: RateDriver;
  let dataDir: string;
  let dashboard: RunningDashboard;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    // No LFU policy: the LFU scan refuses this server, sampling does not.
    server = await startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lru'] });
    admin = await connect(server.url);
    traffic = await connect(server.url);
    await admin.set('busy', 'v');
    await admin.sendCommand(['ACL', 'SETUSER', 'watcher', 'on', '>secret', '~*', '+@all', '-monitor']);
    driver = new RateDriver(traffic, [{ key: 'busy', perSecond: 100, command: 'GET' }]);
    driver.start();
    dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-sampling-'));
    const config = parseConfig(
      {
        sources: [
          // A budget out of any probe's reach: MONITOR runs every window whole, and the counts are exact.
          { kind: 'redis', id: 'lru', name: 'LRU', url: server.url, latencyBudgetMs: 1000 },
          {
            kind: 'redis',
            id: 'watcher',
            name: 'No MONITOR',
            url: server.url,
            username: 'watcher',
            password: 'secret',
          },
        ],
      },
      'test',
    );
    dashboard = await startDashboard({ config, dataDir, host: '127.0.0.1', port: 0 });
    api = apiClient(dashboard.url);
  });

  afterAll(async () => {
    await driver?.stop();
    await dashboard?.close();
    disconnect(admin);
    disconnect(traffic);
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers sampling where LFU cannot run, and runs it', async () => {
    const instance = instanceSummarySchema.parse((await api.get('/api/instances/lru')).json);
    expect(instance.eligibility).toMatchObject({ ok: false, reason: expect.stringMatching(/allkeys-lru/) });
    expect(instance.sampling).toEqual({ ok: true, reason: null });
    expect((await api.call('POST', '/api/instances/lru/hotkey-tasks', '{}')).status).toBe(400);
    const created = await api.startTask('lru', '{"method":"sample","seconds":1}');
    expect(created).toMatchObject({ status: 'waiting', method: 'sample', seconds: 1 });
    const done = await api.waitForTask('lru', created.id);
    expect(done).toMatchObject({ status: 'success', method: 'sample', seconds: 1, note: null });
    expect(done.keys?.[0]).toMatchObject({ name: 'busy', sample: { commands: { GET: expect.any(Number) } } });
    // What it cost the server and how much of the window it sampled, as stored with the result.
    expectPlausibleImpact(done.impact_measured, {
      shards: [new URL(server.url).host],
      budgetMs: 1000,
      applied: true,
    });
    expect(done.sampled).toMatchObject({ window_ms: 1000, slices: 1 });
    const list = await api.get('/api/instances/lru/hotkey-tasks');
    expect(list.json).toMatchObject({ records: [{ id: created.id, method: 'sample', seconds: 1 }] });
  });

  it('answers 400 to a window outside 1-60 s or to seconds without sampling', async () => {
    for (const body of ['{"method":"sample","seconds":0}', '{"method":"sample","seconds":61}', '{"seconds":5}']) {
      const { status, json } = await api.call('POST', '/api/instances/lru/hotkey-tasks', body);
      expect(status, body).toBe(400);
      expect(json.error_msg).toMatch(/seconds/);
    }
  });

  it('queues a second sampling behind the first, counting down the window meanwhile', async () => {
    const first = await api.startTask('lru', '{"method":"sample","seconds":2}');
    const second = await api.startTask('lru', '{"method":"sample","seconds":1}');
    await waitUntil(async () => {
      const task = taskSchema.parse((await api.get(`/api/instances/lru/hotkey-tasks/${first.id}`)).json);
      return task.status === 'running' && (task.progress?.scanned ?? 0) > 0;
    });
    const running = taskSchema.parse((await api.get(`/api/instances/lru/hotkey-tasks/${first.id}`)).json);
    expect(running.progress?.total).toBe(2000);
    const waiting = taskSchema.parse((await api.get(`/api/instances/lru/hotkey-tasks/${second.id}`)).json);
    expect(waiting.status).toBe('waiting');
    expect(await monitorCount(admin)).toBe(1);
    const [a, b] = [await api.waitForTask('lru', first.id), await api.waitForTask('lru', second.id)];
    expect([a.status, b.status]).toEqual(['success', 'success']);
    expect(Date.parse(b.started_at!)).toBeGreaterThanOrEqual(Date.parse(a.finished_at!));
  });

  it('cancels a running sampling: failed "cancelled", MONITOR ended', async () => {
    const task = await api.startTask('lru', '{"method":"sample","seconds":60}');
    await waitUntil(async () => (await monitorCount(admin)) === 1);
    const { status, json } = await api.call('POST', `/api/instances/lru/hotkey-tasks/${task.id}/cancel`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'failed', failure_reason: 'cancelled' });
    await waitUntil(async () => (await monitorCount(admin)) === 0, 2_000);
  });

  it('fails clearly for a Redis user without the monitor permission', async () => {
    const task = await api.startTask('watcher', '{"method":"sample","seconds":1}');
    const done = await api.waitForTask('watcher', task.id);
    expect(done.status).toBe('failed');
    expect(done.failure_reason).toMatch(/user "watcher" may not run MONITOR.*ACL SETUSER watcher \+monitor/);
  });

  it('leaves no MONITOR behind when the sampling process dies', async () => {
    const module = new URL('./run-sampling.ts', import.meta.url).pathname;
    const script =
      `const { runSampling } = await import(${JSON.stringify(module)});` +
      `await runSampling({ endpoint: { mode: 'standalone', urls: [${JSON.stringify(server.url)}], tls: false },` +
      ` seconds: 60, topN: 10, byteLimit: 1e8 });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: 'ignore',
    });
    try {
      await waitUntil(async () => (await monitorCount(admin)) === 1, 15_000);
    } finally {
      child.kill('SIGKILL');
    }
    await waitUntil(async () => (await monitorCount(admin)) === 0);
  });
});
