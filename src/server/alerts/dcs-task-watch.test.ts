import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTRACT_INSTANCES, type DcsContractServer } from '../../../test-support/dcs-contract-server';
import { ManualClock } from '../../../test-support/manual-clock';
import type { RunningDashboard } from '../start-dashboard';
import { startDcsDashboard } from '../../../test-support/dcs-dashboard';
import { apiClient } from '../../../test-support/api-client';
import { WATCH_INTERVAL_MS } from './dcs-task-watch';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test-support/webhook-receiver';

const { haEligible, clusterEligible } = CONTRACT_INSTANCES;

let server: DcsContractServer;
let receiver: WebhookReceiver;
let dashboard: RunningDashboard;
let close: (() => Promise<void>) | undefined;
// Only the watch and the scheduler follow this clock; DCS and its tasks run in real time. Rules are stamped
// with this clock, so it starts before any real task: the watch alerts only on analyses newer than the rule.
const clock = new ManualClock('2026-01-01T03:00:30Z');

beforeAll(async () => {
  receiver = await startWebhookReceiver([200]);
  ({ server, dashboard, close } = await startDcsDashboard({
    server: { taskTiming: { waitingMs: 50, runningMs: 100 } },
    config: { alerts: { webhookUrl: `${receiver.url}/hook` } },
    clock,
  }));
});

afterAll(async () => {
  await close?.();
  await receiver?.close();
});

/** Starts an analysis and waits, through the list only, until DCS reports it finished. */
async function finishUnwatched(instanceId: string): Promise<string> {
  const api = apiClient(dashboard.url);
  const rule = JSON.stringify({ enabled: true, freq_threshold: 0 });
  expect((await api.call('PUT', `/api/instances/${instanceId}/hotkey-alert-rule`, rule)).status).toBe(200);
  const { id } = await api.startTask(instanceId, '{}');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { json } = await api.get(`/api/instances/${instanceId}/hotkey-tasks?offset=0&limit=10`);
    const records = json.records as { id: string; status: string }[];
    if (records.find((r) => r.id === id)?.status === 'success') return id;
    if (Date.now() > deadline) throw new Error(`task ${id} did not finish`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function deliveries(instanceId: string): Promise<{ task_id: string }[]> {
  const { json } = await apiClient(dashboard.url).get(`/api/instances/${instanceId}/hotkey-alerts`);
  return json.records as { task_id: string }[];
}

it('alerts once on a DCS analysis nobody opened', async () => {
  const taskId = await finishUnwatched(haEligible.id);
  expect(server.control.calls('ShowHotkeyTaskDetails')).toBe(0);
  expect(receiver.calls).toHaveLength(0);

  await clock.advance(WATCH_INTERVAL_MS);
  const [call] = await receiver.received(1);
  expect(call!.body).toMatchObject({ instance: { id: haEligible.id }, task: { id: taskId } });
  expect(await deliveries(haEligible.id)).toMatchObject([{ task_id: taskId }]);

  await clock.advance(WATCH_INTERVAL_MS);
  expect(server.control.calls('ShowHotkeyTaskDetails')).toBe(1);
  expect(await deliveries(haEligible.id)).toHaveLength(1);
  expect(receiver.calls).toHaveLength(1);
});

it('a tick that cannot reach DCS is passed over; the next one catches up', async () => {
  const taskId = await finishUnwatched(clusterEligible.id);
  // Every attempt of the listing fails, for both watched instances.
  server.control.failNext({ kind: 'server-error', status: 503 }, { times: 6, operation: 'ListHotKeyScanTasks' });

  await clock.advance(WATCH_INTERVAL_MS);
  expect(await deliveries(clusterEligible.id)).toHaveLength(0);

  await clock.advance(WATCH_INTERVAL_MS);
  expect(await deliveries(clusterEligible.id)).toMatchObject([{ task_id: taskId }]);
  const calls = await receiver.received(2);
  expect(calls[1]!.body).toMatchObject({ instance: { id: clusterEligible.id }, task: { id: taskId } });
});
