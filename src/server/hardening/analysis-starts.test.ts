import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { taskSchema } from '../../contract/hotkey-task';
import { parseConfig } from '../config/load-config';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { apiClient } from '../../../test-support/api-client';
import { rawRequest } from '../../../test-support/raw-http';
import { type ScanTargets, startScanTargets } from '../../../test-support/scan-targets';

const JSON_RULES = { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' };

let targets: ScanTargets;
let dir: string;
let dashboard: RunningDashboard;

beforeAll(async () => {
  targets = await startScanTargets();
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-starts-'));
  dashboard = await startDashboard({
    config: parseConfig({ startsPerMinute: 1000, sources: targets.sources }, 'test'),
    dataDir: join(dir, 'data'),
    host: '127.0.0.1',
    port: 0,
  });
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
  await targets?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const errorOf = (response: { json: unknown }) => errorBodySchema.parse(response.json);

describe('analysis starts', () => {
  it('allow one active analysis per instance: 409 names the running task', async () => {
    const api = apiClient(dashboard.url);
    const running = await api.startTask('big', '{"impact":"gentle"}');
    const again = await rawRequest(dashboard.url, {
      method: 'POST',
      path: '/api/instances/big/hotkey-tasks',
      headers: JSON_RULES,
      body: '{"impact":"fast"}',
    });
    expect(again.status).toBe(409);
    expect(errorOf(again).error_msg).toContain(running.id);
    const current = taskSchema.parse((await api.get(`/api/instances/big/hotkey-tasks/${running.id}`)).json);
    expect(current.status, 'the 409 was given while the analysis ran').not.toMatch(/success|failed/);
    const other = await api.startTask('small');
    expect((await api.waitForTask('small', other.id)).status, 'other instances are not blocked').toBe('success');
    expect((await api.call('DELETE', `/api/instances/big/hotkey-tasks/${running.id}`)).status).toBe(200);
    const next = await api.startTask('big', '{"impact":"fast"}');
    expect((await api.call('DELETE', `/api/instances/big/hotkey-tasks/${next.id}`)).status).toBe(200);
  });
});
