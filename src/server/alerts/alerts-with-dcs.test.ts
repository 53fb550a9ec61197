import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasFreq } from '../../contract/hotkey-task';
import { CONTRACT_INSTANCES } from '../../../test-support/dcs-contract-server';
import type { RunningDashboard } from '../start-dashboard';
import { startDcsDashboard } from '../../../test-support/dcs-dashboard';
import { apiClient } from '../../../test-support/api-client';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test-support/webhook-receiver';

const INSTANCE = CONTRACT_INSTANCES.haEligible.id;

let receiver: WebhookReceiver;
let dashboard: RunningDashboard;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  receiver = await startWebhookReceiver([200]);
  ({ dashboard, close } = await startDcsDashboard({
    server: { taskTiming: { waitingMs: 50, runningMs: 100 } },
    config: { alerts: { webhookUrl: `${receiver.url}/hook` } },
  }));
});

afterAll(async () => {
  await close?.();
  await receiver?.close();
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
