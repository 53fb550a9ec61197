import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { apiClient } from '../../../test-support/api-client';

/** Accesses given to each key in one burst, from a few thousand to near the ceiling (about 311,000). */
const BURSTS = [10_000, 30_000, 100_000, 300_000];

let redis: RedisServerProcess;
let dashboard: RunningDashboard;
let dataDir: string;

beforeAll(async () => {
  // Default lfu-log-factor (10) and lfu-decay-time (1 minute): the reading a support engineer gets.
  redis = await startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lfu'] });
  const client = createClient({ url: redis.url });
  await client.connect();
  for (const n of BURSTS) {
    await client.set(`burst:${n}`, 'v');
    for (let done = 0; done < n; done += 5000) {
      await Promise.all(Array.from({ length: Math.min(5000, n - done) }, () => client.get(`burst:${n}`)));
    }
  }
  client.destroy();
  dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-lfu-'));
  const config = parseConfig({ sources: [{ kind: 'redis', id: 'lfu', name: 'LFU', url: redis.url }] }, 'test');
  dashboard = await startDashboard({ config, dataDir, host: '127.0.0.1', port: 0 });
}, 120_000);

afterAll(async () => {
  await dashboard?.close();
  await redis?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the hits estimate served with every key, read off a real redis-server', () => {
  it('is within a factor of 2 of the accesses a key got in a burst', async () => {
    const api = apiClient(dashboard.url);
    const task = await api.waitForTask('lfu', (await api.startTask('lfu')).id);
    expect(task.status, task.failure_reason ?? '').toBe('success');
    for (const n of BURSTS) {
      const key = task.keys?.find((k) => k.name === `burst:${n}`);
      const hits = key?.lfu_estimate?.hits ?? 0;
      expect(hits, `burst of ${n} read as freq ${key?.freq}`).toBeGreaterThanOrEqual(n / 2);
      expect(hits, `burst of ${n} read as freq ${key?.freq}`).toBeLessThanOrEqual(n * 2);
    }

    // The reading belongs to the scan: changing the server's factor afterwards does not rewrite it.
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.configSet('lfu-log-factor', '100');
    client.destroy();
    // until the BFF's short-lived summary of the instance has caught up with the change
    for (;;) {
      const { json } = await api.get('/api/instances/lfu');
      if ((json.lfu as { log_factor: number }).log_factor === 100) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const again = await api.waitForTask('lfu', task.id);
    expect(again.keys?.map((k) => k.lfu_estimate)).toEqual(task.keys?.map((k) => k.lfu_estimate));
  });
});
