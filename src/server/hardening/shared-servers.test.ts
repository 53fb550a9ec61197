import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { instanceListSchema } from '../../contract/instance-summary';
import { parseConfig } from '../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { seedStandalone } from '../local-redis/seed-workload';
import { connect, disconnect, LFU_TEST_ARGS } from '../../../test-support/lfu-keyspace';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { apiClient } from '../../../test-support/api-client';

let big: RedisServerProcess;
let paused: RedisServerProcess;
let dir: string;
let dashboard: RunningDashboard;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  [big, paused] = await Promise.all([
    startRedisServer({ args: LFU_TEST_ARGS }),
    startRedisServer({ args: LFU_TEST_ARGS }),
  ]);
  const client = await connect(big.url);
  // A gentle scan of this keyspace runs for seconds: the second start comes while the first runs.
  await client.sendCommand(['DEBUG', 'POPULATE', '300000', 'bulk']);
  disconnect(client);
  await seedStandalone(paused.url, 1, { coldKeys: 50, warmKeys: 2, hottestHits: 100 });
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-shared-'));
  const sources = [
    { kind: 'redis', id: 'by-address', name: 'By address', url: big.url },
    // the same server under another name
    { kind: 'redis', id: 'by-name', name: 'By name', url: big.url.replace('127.0.0.1', 'localhost') },
    { kind: 'redis', id: 'paused', name: 'Paused', url: paused.url },
  ];
  dashboard = await startDashboard({
    config: parseConfig({ startsPerMinute: 1000, sources }, 'test'),
    dataDir: join(dir, 'data'),
    host: '127.0.0.1',
    port: 0,
  });
  api = apiClient(dashboard.url);
}, 60_000);

afterAll(async () => {
  process.kill(paused.pid, 'SIGCONT');
  await dashboard?.close();
  await Promise.all([big?.stop(), paused?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('two source ids that name one server', () => {
  it('run one analysis at a time: the second is refused with 409 naming the other instance', async () => {
    const first = await api.startTask('by-address', '{"impact":"gentle"}');
    const second = await api.call('POST', '/api/instances/by-name/hotkey-tasks', '{"impact":"gentle"}');
    expect(second.status).toBe(409);
    expect(errorBodySchema.parse(second.json).error_msg).toMatch(/instance by-address is the same server/);
    expect(second.json.error_msg).toContain(first.id);
    expect((await api.waitForTask('by-address', first.id, 60_000)).status).toBe('success');
    const after = await api.startTask('by-name', '{"impact":"fast"}');
    expect((await api.waitForTask('by-name', after.id, 60_000)).status).toBe('success');
  });
});

describe('query integers', () => {
  it('are plain decimal digits: 0x10, 1e1, +16, 16.0 and " 16" are refused, not read as 16', async () => {
    for (const limit of ['0x10', '1e1', '+16', '16.0', ' 16', '16 ', '016', '-0', '']) {
      const { status, json } = await api.get(
        `/api/instances/by-address/hotkey-tasks?limit=${encodeURIComponent(limit)}`,
      );
      expect(`${JSON.stringify(limit)} -> ${status}`).toBe(`${JSON.stringify(limit)} -> 400`);
      expect(json.error_msg).toMatch(/limit/);
    }
    expect((await api.get('/api/instances/by-address/hotkey-tasks?limit=16&offset=0')).status).toBe(200);
  });
});

describe('a source that stops answering (SIGSTOP)', () => {
  it('leaves health and the instance list answering, the stopped one marked as last known', async () => {
    // Once while it answers, so that there is a last known state.
    expect(instanceListSchema.parse((await api.get('/api/instances')).json).instances).toHaveLength(3);
    process.kill(paused.pid, 'SIGSTOP');
    try {
      // The source caches what a server said for 2 s: list until a listing has asked the stopped server.
      const deadline = Date.now() + 15_000;
      let instances = instanceListSchema.parse((await api.get('/api/instances')).json).instances;
      while (!instances.find((i) => i.id === 'paused')?.stale && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        instances = instanceListSchema.parse((await api.get('/api/instances')).json).instances;
      }
      const stopped = instances.find((i) => i.id === 'paused');
      expect(stopped?.stale).toMatchObject({ reason: 'no answer within 1 s' });
      expect(stopped?.status).toBe('RUNNING');
      expect(instances.find((i) => i.id === 'by-address')?.stale).toBeUndefined();
      const health = (await api.get('/api/health')).json as { status: string; sources: Record<string, unknown>[] };
      expect(health.status).toBe('degraded');
      expect(health.sources.find((s) => s.id === 'paused')).toMatchObject({ reachable: false, stale: true });
      // The instance page's own summary answers the same way instead of waiting for the stopped server.
      const page = await api.get('/api/instances/paused');
      expect(page.status).toBe(200);
      expect(page.json).toMatchObject({ id: 'paused', stale: { reason: 'no answer within 1 s' } });
    } finally {
      process.kill(paused.pid, 'SIGCONT');
    }
  });
});
