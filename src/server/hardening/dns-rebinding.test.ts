import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { taskListSchema } from '../../contract/hotkey-task';
import { parseConfig } from '../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { seedStandalone } from '../local-redis/seed-workload';
import { LFU_TEST_ARGS } from '../../../test-support/lfu-keyspace';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { rawRequest, type RawRequest } from '../../../test-support/raw-http';

const STATE_CHANGE = { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' };
const SCHEDULE = '/api/instances/cache/hotkey-autoscan';
const ON = '{"enable_auto_scan":true,"schedule_at":["03:00"]}';

let redis: RedisServerProcess;
let dir: string;
let dashboard: RunningDashboard;
let call: (request: RawRequest) => ReturnType<typeof rawRequest>;
let own: string;

beforeAll(async () => {
  redis = await startRedisServer({ args: LFU_TEST_ARGS });
  await seedStandalone(redis.url, 1, { coldKeys: 100, warmKeys: 5, hottestHits: 500 });
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-rebinding-'));
  const staticDir = join(dir, 'web');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>spa</title>');
  dashboard = await startDashboard({
    config: parseConfig(
      { allowedHosts: ['dash.internal'], sources: [{ kind: 'redis', id: 'cache', name: 'Cache', url: redis.url }] },
      'test',
    ),
    dataDir: join(dir, 'data'),
    host: '127.0.0.1',
    port: 0,
    staticDir,
  });
  own = `127.0.0.1:${dashboard.port}`;
  call = (request) => rawRequest(dashboard.url, request);
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const schedule = async () => (await call({ path: SCHEDULE })).json as { enable_auto_scan: boolean };

describe('a page on a rebinding domain (Host and Origin both name it, the address is 127.0.0.1)', () => {
  it('is refused before any route, reads included, and changes nothing', async () => {
    const evil = `evil.example:${dashboard.port}`;
    const attempts: RawRequest[] = [
      { path: '/api/instances/cache/hotkey-tasks', headers: { host: evil } },
      { path: '/api/instances', headers: { host: evil } },
      { path: '/api/health', headers: { host: evil } },
      { path: '/', headers: { host: evil } },
      { path: '/instances/cache', headers: { host: evil } },
      { method: 'PUT', path: SCHEDULE, body: ON, headers: { ...STATE_CHANGE, host: evil, origin: `http://${evil}` } },
      {
        method: 'POST',
        path: '/api/instances/cache/hotkey-tasks',
        body: '{}',
        headers: { ...STATE_CHANGE, host: evil },
      },
      // the dashboard's address on a port it does not listen on is another name
      { path: '/api/instances', headers: { host: `127.0.0.1:${dashboard.port + 1}` } },
    ];
    for (const attempt of attempts) {
      const response = await call(attempt);
      expect(`${attempt.method ?? 'GET'} ${attempt.path} -> ${response.status}`).toBe(
        `${attempt.method ?? 'GET'} ${attempt.path} -> 421`,
      );
      expect(errorBodySchema.parse(response.json)).toMatchObject({ error_code: 'HOTKEYS.421' });
      expect(response.text).not.toContain('session:');
    }
    expect((await schedule()).enable_auto_scan).toBe(false);
    expect(taskListSchema.parse((await call({ path: '/api/instances/cache/hotkey-tasks' })).json).count).toBe(0);
  });

  it('cannot pass the Origin check by naming itself in Host: Origin must be a name of the allow-list', async () => {
    const response = await call({
      method: 'PUT',
      path: SCHEDULE,
      body: ON,
      headers: { ...STATE_CHANGE, host: own, origin: `http://evil.example:${dashboard.port}` },
    });
    expect(response.status).toBe(403);
    expect((await schedule()).enable_auto_scan).toBe(false);
  });
});

describe('the names the dashboard serves', () => {
  it('are its loopback names on its port and the configured allowedHosts', async () => {
    for (const host of [own, `localhost:${dashboard.port}`, `[::1]:${dashboard.port}`, 'dash.internal']) {
      expect((await call({ path: '/api/instances', headers: { host } })).status, host).toBe(200);
    }
  });

  it('take a state change whose Origin is another of its names (a page opened as localhost)', async () => {
    const response = await call({
      method: 'PUT',
      path: SCHEDULE,
      body: '{"enable_auto_scan":false,"schedule_at":[]}',
      headers: { ...STATE_CHANGE, host: own, origin: `http://localhost:${dashboard.port}` },
    });
    expect(response.status).toBe(200);
  });
});
