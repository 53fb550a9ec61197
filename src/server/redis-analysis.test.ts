import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceListSchema, instanceSummarySchema } from '../contract/instance-summary';
import { hasFreq, taskListSchema } from '../contract/hotkey-task';
import type { Config } from './config/config-schema';
import { parseConfig } from './config/load-config';
import { type RedisClusterProcesses, startRedisCluster } from './local-redis/redis-cluster-processes';
import { type RedisServerProcess, startRedisServer } from './local-redis/redis-server-process';
import { type SeededDatabase, seedCluster, seedStandalone } from './local-redis/seed-workload';
import { type RunningDashboard, startDashboard } from './start-dashboard';
import { openDatabase } from './store/sqlite-database';
import { TaskStore } from './store/task-store';
import { apiClient } from '../../test-support/api-client';

const LFU = ['--maxmemory-policy', 'allkeys-lfu'];
const SEED = { coldKeys: 600, warmKeys: 12, hottestHits: 12_000 };

let standalone: RedisServerProcess;
let noLfu: RedisServerProcess;
let cluster: RedisClusterProcesses;
let seededStandalone: SeededDatabase[];
let seededCluster: SeededDatabase[];
let dataDir: string;
let dashboard: RunningDashboard;
let config: Config;

const start = async () => {
  dashboard = await startDashboard({ config, dataDir, host: '127.0.0.1', port: 0 });
  return apiClient(dashboard.url);
};

beforeAll(async () => {
  [standalone, noLfu, cluster] = await Promise.all([
    startRedisServer({ args: LFU }),
    startRedisServer({ args: ['--maxmemory-policy', 'volatile-lru'] }),
    startRedisCluster(3, LFU),
  ]);
  [seededStandalone, seededCluster] = await Promise.all([
    seedStandalone(standalone.url, 3, SEED),
    seedCluster(cluster.urls, SEED),
  ]);
  dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-data-'));
  config = parseConfig(
    {
      sources: [
        { kind: 'redis', id: 'standalone', name: 'Standalone', url: standalone.url, impact: 'fast' },
        { kind: 'redis', id: 'cluster', name: 'Cluster', nodes: [cluster.urls[0]!] },
        { kind: 'redis', id: 'nolfu', name: 'No LFU', url: noLfu.url },
      ],
    },
    'test',
  );
}, 120_000);

afterAll(async () => {
  await dashboard?.close();
  await Promise.all([standalone?.stop(), noLfu?.stop(), cluster?.stop()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('analysis of real redis-server processes', () => {
  let firstTaskId: string;

  it('lists every configured instance with version, mode, shards and eligibility', async () => {
    const api = await start();
    const { status, json } = await api.get('/api/instances');
    expect(status).toBe(200);
    const { instances } = instanceListSchema.parse(json);
    const byId = Object.fromEntries(instances.map((i) => [i.id, i]));
    expect(byId.standalone).toMatchObject({ mode: 'standalone', shard_count: 1, status: 'RUNNING' });
    expect(byId.standalone?.eligibility).toEqual({ ok: true, reason: null });
    expect(byId.standalone?.engine_version).toMatch(/^\d+\.\d+/);
    expect(byId.standalone).toMatchObject({ engine: 'redis', last_analysis: null });
    expect(byId.cluster).toMatchObject({ mode: 'cluster', shard_count: 3, eligibility: { ok: true } });
    expect(byId.cluster?.shards?.map((shard) => shard.role)).toEqual(['master', 'master', 'master']);
    expect(byId.nolfu?.eligibility.ok).toBe(false);
    expect(byId.nolfu?.eligibility.reason).toMatch(/maxmemory-policy is volatile-lru/);
  });

  it('finds the seeded hottest key of every database first, highest freq first', async () => {
    const api = apiClient(dashboard.url);
    const created = await api.startTask('standalone');
    expect(created).toMatchObject({ status: 'waiting', scan_type: 'manual', instance_id: 'standalone' });
    firstTaskId = created.id;
    const task = await api.waitForTask('standalone', created.id);
    expect(task.status, task.failure_reason ?? '').toBe('success');
    const keys = task.keys ?? [];
    expect(task.num).toBe(keys.length);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.length).toBeLessThanOrEqual(100);
    const freqs = keys.filter(hasFreq).map((k) => k.freq);
    expect(freqs).toHaveLength(keys.length);
    expect(freqs).toEqual([...freqs].sort((a, b) => b - a));
    for (const seeded of seededStandalone) {
      const first = keys.find((k) => k.db === seeded.db);
      expect(first?.name, `hottest key of ${seeded.where}`).toBe(seeded.hottestKey);
      expect(first).toMatchObject({ type: 'string', unit: 'byte', size: 64 * 16 });
      expect(first?.lfu_estimate?.hits).toBeGreaterThan(1000);
    }
    expect(new Set(keys.map((k) => k.db))).toEqual(new Set([0, 1, 2]));
    const collection = keys.find((k) => k.type !== 'string');
    expect(collection?.unit).toBe('count');
    expect(task.started_at && task.finished_at && task.started_at <= task.finished_at).toBe(true);
  });

  it('finds the hottest key of every cluster shard, with the shard named', async () => {
    const api = apiClient(dashboard.url);
    const task = await api.waitForTask('cluster', (await api.startTask('cluster')).id);
    expect(task.status, task.failure_reason ?? '').toBe('success');
    const keys = task.keys ?? [];
    for (const seeded of seededCluster) {
      const first = keys.find((k) => k.shard === seeded.where);
      expect(first?.name, `hottest key of shard ${seeded.where}`).toBe(seeded.hottestKey);
      expect(first?.db).toBe(0);
    }
    expect(new Set(keys.map((k) => k.shard)).size).toBe(3);

    // The list names the newest result and its hottest key without a request per instance.
    const { instances } = instanceListSchema.parse((await api.get('/api/instances')).json);
    const hottest = keys.reduce((a, b) => ((b.freq ?? 0) > (a.freq ?? 0) ? b : a));
    expect(instances.find((i) => i.id === 'cluster')?.last_analysis).toEqual({
      id: task.id,
      finished_at: task.finished_at,
      method: 'lfu',
      num: keys.length,
      top_key: { name: hottest.name, db: 0, freq: hottest.freq },
    });
  });

  it('refuses a daily schedule on a server without an LFU policy, which could only fail', async () => {
    const api = apiClient(dashboard.url);
    const path = '/api/instances/nolfu/hotkey-autoscan';
    const refused = await api.call('PUT', path, '{"enable_auto_scan":true,"schedule_at":["03:00"]}');
    expect(refused.status).toBe(400);
    expect(refused.json.error_msg).toMatch(/LFU method.*maxmemory-policy is volatile-lru/);
    expect((await api.call('PUT', path, '{"enable_auto_scan":false,"schedule_at":["03:00"]}')).status).toBe(200);
  });

  it('refuses to analyse a server without an LFU policy, saying why', async () => {
    const api = apiClient(dashboard.url);
    const { status, json } = await api.call('POST', '/api/instances/nolfu/hotkey-tasks', '');
    expect(status).toBe(400);
    expect(json.error_msg).toMatch(/allkeys-lfu or volatile-lfu/);
    const list = taskListSchema.parse((await api.get('/api/instances/nolfu/hotkey-tasks')).json);
    expect(list.count).toBe(0);
  });

  it('keeps records across a restart and fails what was running', async () => {
    await dashboard.close();
    const db = openDatabase(dataDir);
    const store = new TaskStore(db);
    await store.insert({
      id: '00000000-0000-4000-8000-000000000001',
      instance_id: 'standalone',
      status: 'running',
      scan_type: 'manual',
      created_at: new Date().toISOString(),
      started_at: new Date().toISOString(),
    });
    await db.close();
    const api = await start();
    const kept = await api.waitForTask('standalone', firstTaskId);
    expect(kept.status).toBe('success');
    expect(kept.keys?.[0]?.name).toBeDefined();
    const interrupted = await api.waitForTask('standalone', '00000000-0000-4000-8000-000000000001');
    expect(interrupted).toMatchObject({ status: 'failed' });
    expect(interrupted.failure_reason).toMatch(/interrupted by restart/);
    const list = taskListSchema.parse((await api.get('/api/instances/standalone/hotkey-tasks?limit=1')).json);
    expect(list.count).toBe(2);
    expect(list.records).toHaveLength(1);
  });

  it('answers unknown ids with 404 and malformed parameters with 400, always as JSON', async () => {
    const api = apiClient(dashboard.url);
    const cases: [string, string, number, string?][] = [
      ['GET', '/api/instances/nope', 404],
      ['GET', '/api/instances/nope/hotkey-tasks', 404],
      ['GET', `/api/instances/standalone/hotkey-tasks/${'1'.repeat(8)}-0000-4000-8000-000000000000`, 404],
      ['DELETE', '/api/instances/standalone/hotkey-tasks/00000000-0000-4000-8000-00000000dead', 404],
      ['GET', '/api/instances/standalone/hotkey-tasks?limit=abc', 400],
      ['GET', '/api/instances/standalone/hotkey-tasks?offset=-1', 400],
      ['GET', '/api/instances/standalone/hotkey-tasks?limit=1001', 400],
      ['GET', '/api/instances/standalone/hotkey-tasks?status=done', 400],
      ['GET', '/api/instances/..%2F..%2Fetc/hotkey-tasks', 400],
      ['GET', '/api/instances/standalone/hotkey-tasks/a%00b', 400],
      ['POST', '/api/instances/standalone/hotkey-tasks', 400, '{"impact":'],
      ['POST', '/api/instances/standalone/hotkey-tasks', 400, '{"impact":"reckless"}'],
      ['POST', '/api/instances/standalone/hotkey-tasks', 400, '[1,2]'],
      ['GET', '/api/no-such-route', 404],
    ];
    for (const [method, path, expected, body] of cases) {
      const { status } = await api.call(method, path, body);
      expect(`${method} ${path} -> ${status}`).toBe(`${method} ${path} -> ${expected}`);
    }
  });

  it('serves one instance and deletes a record', async () => {
    const api = apiClient(dashboard.url);
    const summary = instanceSummarySchema.parse((await api.get('/api/instances/cluster')).json);
    expect(summary.shard_count).toBe(3);
    const { status, json } = await api.call('DELETE', `/api/instances/standalone/hotkey-tasks/${firstTaskId}`);
    expect(status).toBe(200);
    expect(json.id).toBe(firstTaskId);
    expect((await api.get(`/api/instances/standalone/hotkey-tasks/${firstTaskId}`)).status).toBe(404);
  });

  it('lets only one of several simultaneous starts through, the others learn which one runs', async () => {
    const api = apiClient(dashboard.url);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => api.call('POST', '/api/instances/cluster/hotkey-tasks', '{"impact":"gentle"}')),
    );
    const started = answers.filter((a) => a.status === 200);
    expect(started).toHaveLength(1);
    const startedId = String(started[0]?.json.id);
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expect(refused.status).toBe(409);
      expect(refused.json.error_msg).toContain(startedId);
    }
    await api.waitForTask('cluster', startedId);
  });

  it("starts at the source's configured impact unless the request names one", async () => {
    const api = apiClient(dashboard.url);
    const summary = instanceSummarySchema.parse((await api.get('/api/instances/standalone')).json);
    expect(summary.default_impact).toBe('fast');
    const byDefault = await api.startTask('standalone', '{}');
    expect(byDefault.impact).toBe('fast');
    await api.waitForTask('standalone', byDefault.id);
    const chosen = await api.startTask('standalone', '{"impact":"gentle"}');
    expect(chosen.impact).toBe('gentle');
    await api.waitForTask('standalone', chosen.id);
  });
});
