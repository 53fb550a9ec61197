import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertDeliveryListSchema, alertRuleSchema } from '../../contract/hotkey-alerts';
import { configSchema } from '../config/config-schema';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { type SeededDatabase, seedStandalone } from '../local-redis/seed-workload';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { apiClient } from '../../../test-support/api-client';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test-support/webhook-receiver';

let redis: RedisServerProcess;
let seeded: SeededDatabase[];
let receiver: WebhookReceiver;
let dashboard: RunningDashboard;
let dataDir: string;

beforeAll(async () => {
  redis = await startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lfu'] });
  seeded = await seedStandalone(redis.url, 1, { coldKeys: 50, warmKeys: 5, hottestHits: 3000 });
  receiver = await startWebhookReceiver([500, 200]);
  dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-alerts-'));
  const config = configSchema.parse({
    sources: [{ kind: 'redis', id: 'cache', name: 'Cache', url: redis.url }],
    alerts: { webhookUrl: `${receiver.url}/hook?token=s3cret` },
    publicUrl: 'https://hotkeys.example.com/',
  });
  dashboard = await startDashboard({ config, dataDir, host: '127.0.0.1', port: 0, alertRetryDelayMs: () => 5 });
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
  await receiver?.close();
  await redis?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('alerts of a real analysis', () => {
  it('refuses bad rules with a 400 error body', async () => {
    const api = apiClient(dashboard.url);
    for (const body of [
      { enabled: true, freq_threshold: 255 },
      { enabled: true, freq_threshold: -1 },
      { enabled: true },
      { enabled: true, freq_threshold: 10, key_pattern: '[z-a]' },
      { enabled: true, freq_threshold: 10, key_pattern: '' },
      { enabled: true, freq_threshold: 10, webhook: 'http://elsewhere' },
    ]) {
      const { status, json } = await api.call('PUT', '/api/instances/cache/hotkey-alert-rule', JSON.stringify(body));
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error_code).toBe('HOTKEYS.400');
    }
    expect((await api.get('/api/instances/nowhere/hotkey-alert-rule')).status).toBe(404);
  });

  it('delivers the hottest key of a finished manual analysis to the webhook, after one retry', async () => {
    const api = apiClient(dashboard.url);
    const hottest = seeded[0]!.hottestKey;
    const before = alertRuleSchema.parse((await api.get('/api/instances/cache/hotkey-alert-rule')).json);
    expect(before).toMatchObject({ enabled: false, freq_threshold: null, webhook_configured: true });

    const put = await api.call(
      'PUT',
      '/api/instances/cache/hotkey-alert-rule',
      JSON.stringify({ enabled: true, freq_threshold: 12, key_pattern: hottest }),
    );
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(alertRuleSchema.parse(put.json)).toMatchObject({ enabled: true, freq_threshold: 12, key_pattern: hottest });

    const task = await api.waitForTask('cache', (await api.startTask('cache')).id);
    expect(task.status).toBe('success');
    const [, delivered] = await receiver.received(2);
    expect(delivered!.url).toBe('/hook?token=s3cret');
    expect(delivered!.body).toMatchObject({
      instance: { id: 'cache', name: 'Cache' },
      task: { id: task.id, scan_type: 'manual', url: `https://hotkeys.example.com/instances/cache/tasks/${task.id}` },
      keys_total: 1,
      keys: [{ name: hottest, freq: task.keys![0]!.freq }],
    });

    // The delivery record is written after the receiver answers: poll like the instance page does.
    let list = alertDeliveryListSchema.parse((await api.get('/api/instances/cache/hotkey-alerts')).json);
    while (list.records[0]?.status === 'pending') {
      await new Promise((resolve) => setImmediate(resolve));
      list = alertDeliveryListSchema.parse((await api.get('/api/instances/cache/hotkey-alerts')).json);
    }
    expect(list.records).toEqual([
      expect.objectContaining({
        task_id: task.id,
        status: 'delivered',
        attempts: 2,
        last_error: 'HTTP 500 Internal Server Error',
        top_key: { name: hottest, freq: task.keys![0]!.freq },
      }),
    ]);
  });
});
