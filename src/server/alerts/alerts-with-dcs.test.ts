import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasFreq } from '../../contract/hotkey-task';
import {
  CONTRACT_CREDENTIALS,
  CONTRACT_INSTANCES,
  type DcsContractServer,
  startDcsContractServer,
} from '../../../e2e/support/dcs-contract-server';
import { configSchema } from '../config/config-schema';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { apiClient } from '../testing/api-client';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const INSTANCE = CONTRACT_INSTANCES.haEligible.id;

let server: DcsContractServer;
let receiver: WebhookReceiver;
let dashboard: RunningDashboard;
let dataDir: string;

beforeAll(async () => {
  server = await startDcsContractServer({ taskTiming: { waitingMs: 50, runningMs: 100 } });
  receiver = await startWebhookReceiver([200]);
  dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-dcs-alerts-'));
  const config = configSchema.parse({
    sources: [
      {
        kind: 'dcs',
        id: 'cloud',
        name: 'Cloud',
        endpoint: server.url,
        projectId: server.projectId,
        auth: { method: 'aksk', akEnv: 'DCS_AK', skEnv: 'DCS_SK' },
      },
    ],
    alerts: { webhookUrl: `${receiver.url}/hook` },
  });
  const env = { DCS_AK: CONTRACT_CREDENTIALS.ak, DCS_SK: CONTRACT_CREDENTIALS.sk };
  dashboard = await startDashboard({ config, dataDir, host: '127.0.0.1', port: 0, env });
});

afterAll(async () => {
  await dashboard?.close();
  await receiver?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('alerts on a DCS analysis once the dashboard sees it finished', async () => {
  const api = apiClient(dashboard.url);
  const rule = JSON.stringify({ enabled: true, freq_threshold: 0 });
  expect((await api.call('PUT', `/api/instances/${INSTANCE}/hotkey-alert-rule`, rule)).status).toBe(200);

  const task = await api.waitForTask(INSTANCE, (await api.startTask(INSTANCE, '{}')).id);
  expect(task.status).toBe('success');
  const [call] = await receiver.received(1);
  const hottest = task.keys!.filter(hasFreq).sort((a, b) => b.freq - a.freq)[0]!;
  expect(call!.body).toMatchObject({
    instance: { id: INSTANCE, name: CONTRACT_INSTANCES.haEligible.name },
    task: { id: task.id, url: `${dashboard.url}/instances/${INSTANCE}/tasks/${task.id}` },
    keys: expect.arrayContaining([expect.objectContaining({ name: hottest.name, freq: hottest.freq })]),
  });
});
