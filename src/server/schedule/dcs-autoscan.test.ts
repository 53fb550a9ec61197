import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_INSTANCES, type DcsContractServer } from '../../../test-support/dcs-contract-server';
import { autoscanConfigSchema } from '../../contract/autoscan';
import type { RunningDashboard } from '../start-dashboard';
import { startDcsDashboard } from '../../../test-support/dcs-dashboard';
import { apiClient } from '../../../test-support/api-client';
import { ManualClock } from '../../../test-support/manual-clock';

const INSTANCE = CONTRACT_INSTANCES.haEligible.id;
const path = `/api/instances/${INSTANCE}/hotkey-autoscan`;

let server: DcsContractServer;
let dashboard: RunningDashboard;
let close: (() => Promise<void>) | undefined;
const clock = new ManualClock('2026-03-01T05:59:30Z');

beforeAll(async () => {
  ({ server, dashboard, close } = await startDcsDashboard({ clock }));
  await clock.advance(0);
});

afterAll(async () => {
  await close?.();
});

describe('the schedule of a DCS instance', () => {
  it('is read from DCS', async () => {
    const { status, json } = await apiClient(dashboard.url).get(path);
    expect(status).toBe(200);
    expect(autoscanConfigSchema.parse(json)).toEqual({
      instance_id: INSTANCE,
      enable_auto_scan: true,
      schedule_at: ['21:00'],
      updated_at: '2020-06-17T02:42:40.793Z',
    });
    expect(server.control.calls('ShowHotkeyAutoscanConfig')).toBe(1);
  });

  it('is written to DCS, and a bad schedule never leaves the BFF', async () => {
    const api = apiClient(dashboard.url);
    for (const body of [
      { enable_auto_scan: true, schedule_at: [] },
      { enable_auto_scan: true, schedule_at: ['06:00', '06:00'] },
      { enable_auto_scan: true, schedule_at: ['6:00'] },
    ]) {
      expect((await api.call('PUT', path, JSON.stringify(body))).status, JSON.stringify(body)).toBe(400);
    }
    expect(server.control.calls('UpdateHotkeyAutoScanConfig')).toBe(0);

    const put = await api.call(
      'PUT',
      path,
      JSON.stringify({ enable_auto_scan: true, schedule_at: ['06:00', '18:30'] }),
    );
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json).toMatchObject({ instance_id: INSTANCE, enable_auto_scan: true, schedule_at: ['06:00', '18:30'] });
    expect(server.control.calls('UpdateHotkeyAutoScanConfig')).toBe(1);
    expect((await api.get(path)).json).toMatchObject({ schedule_at: ['06:00', '18:30'] });
  });

  it('is left to DCS: the BFF starts nothing at its due time and keeps no record of runs', async () => {
    await clock.set('2026-03-01T06:00:00Z');
    expect(server.control.calls('CreateHotkeyScanTask')).toBe(0);
    const runs = await apiClient(dashboard.url).get(`${path}/runs`);
    expect(runs.status).toBe(404);
    expect(runs.json.error_msg).toMatch(/the cloud schedules this instance/);
  });
});
