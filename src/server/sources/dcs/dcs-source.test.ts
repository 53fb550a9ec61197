import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoscanConfigSchema } from '../../../contract/autoscan';
import { taskListSchema, taskSchema } from '../../../contract/hotkey-task';
import { instanceSummarySchema } from '../../../contract/instance-summary';
import { CONTRACT_INSTANCES, MAX_RECORDS } from '../../../../test-support/dcs-contract-server';
import { ApiError } from '../../http/api-error';
import {
  manualClock,
  rejectionOf,
  startHarness,
  type AuthMethod,
  type DcsHarness,
} from '../../../../test-support/dcs-source-harness';

const { haEligible, clusterEligible, redis3, nonLfu, notRunning, proxyEligible } = CONTRACT_INSTANCES;
const TASK_DONE_MS = 2_500;
const LFU = { method: 'lfu', impact: 'gentle' } as const;

describe.each<AuthMethod>(['aksk', 'password'])('DCS source against the contract server (%s)', (method) => {
  const clock = manualClock();
  let harness: DcsHarness;

  beforeAll(async () => {
    harness = await startHarness({ now: clock.now, taskTiming: { waitingMs: 500, runningMs: 1_500 } });
  });
  afterAll(() => harness.close());

  it('lists every instance across pages, with version, mode, shards, status and why it is not eligible', async () => {
    const source = harness.source(method);
    harness.server.control.reset();
    const instances = await source.listInstances();
    expect(harness.server.control.calls('ListInstances')).toBe(3);
    expect(harness.server.control.iamCalls()).toBe(method === 'password' ? 1 : 0);
    expect(instances).toHaveLength(12);
    for (const instance of instances) instanceSummarySchema.parse(instance);
    const byId = new Map(instances.map((i) => [i.id, i]));

    expect(byId.get(haEligible.id)).toMatchObject({
      name: 'orders-cache',
      source: { kind: 'dcs', id: `contract-${method}` },
      engine: 'redis',
      engine_version: '5.0',
      mode: 'standalone',
      shard_count: 1,
      status: 'RUNNING',
      eligibility: { ok: true, reason: null },
      lfu: { log_factor: 10, decay_time: 1, known: true },
    });
    expect(byId.get(clusterEligible.id)).toMatchObject({ mode: 'cluster', shard_count: 3, eligibility: { ok: true } });
    expect(byId.get(proxyEligible.id)).toMatchObject({ mode: 'cluster', shard_count: 2, eligibility: { ok: true } });
    expect(byId.get(redis3.id)?.eligibility).toEqual({
      ok: false,
      reason: 'Redis 3.0 cannot run hot key analysis: it needs Redis 4.0 or later',
    });
    expect(byId.get(nonLfu.id)?.eligibility.reason).toMatch(
      /maxmemory-policy is volatile-lru; .*allkeys-lfu or volatile-lfu/,
    );
    expect(byId.get(notRunning.id)).toMatchObject({
      status: 'RESTARTING',
      eligibility: { ok: false, reason: 'the instance is RESTARTING; analysis needs it RUNNING' },
    });
    // Redis 3.0 cannot qualify whatever its parameters say, so they are not read.
    expect(
      harness.server.control.log().some((c) => c.operation === 'ListConfigurations' && c.path.includes(redis3.id)),
    ).toBe(false);
  });

  it('answers ownsInstance from the listing, and an unknown id refreshes it at most every 10 s', async () => {
    const source = harness.source(method);
    harness.server.control.reset();
    expect(await source.ownsInstance(haEligible.id)).toBe(true);
    const listCalls = harness.server.control.calls('ListInstances');
    expect(await source.ownsInstance(clusterEligible.id)).toBe(true);
    const unknown = '11111111-2222-4333-8444-555555555555';
    expect(await source.ownsInstance(unknown)).toBe(false);
    expect(await source.ownsInstance(unknown)).toBe(false);
    expect(harness.server.control.calls('ListInstances')).toBe(listCalls);
    clock.advance(11_000);
    expect(await source.ownsInstance(unknown)).toBe(false);
    expect(harness.server.control.calls('ListInstances')).toBe(listCalls + 3);
    expect(await source.ownsInstance('orders-cache')).toBe(false);
  });

  it('shows one instance', async () => {
    const summary = await harness.source(method).getInstance(clusterEligible.id);
    expect(summary).toMatchObject({ id: clusterEligible.id, name: 'sessions-cluster', mode: 'cluster' });
  });

  it('creates a task, watches it walk to success and reads the keys, the seeded hottest first', async () => {
    const source = harness.source(method);
    const created = await source.createTask(clusterEligible.id, LFU);
    expect(taskSchema.parse(created)).toMatchObject({
      status: 'waiting',
      scan_type: 'manual',
      instance_id: clusterEligible.id,
    });

    expect((await source.getTask(clusterEligible.id, created.id)).status).toBe('waiting');
    clock.advance(TASK_DONE_MS);
    const done = await source.getTask(clusterEligible.id, created.id);
    expect(done.status).toBe('success');
    expect(done.keys?.[0]).toMatchObject({ ...clusterEligible.hottestKey, type: 'string', unit: 'byte' });
    expect(new Set(done.keys?.map((k) => k.shard))).toEqual(new Set(clusterEligible.shards));
    expect(done.num).toBe(done.keys?.length);
    expect(done.kept_copy).toBeUndefined();
    // The copy kept of the finished task answers the instance's last analysis, saying it is a copy.
    expect((await source.getInstance(clusterEligible.id)).last_analysis).toMatchObject({
      id: done.id,
      method: 'lfu',
      kept_copy: true,
      top_key: { name: done.keys?.[0]?.name, freq: done.keys?.[0]?.freq },
    });

    const standalone = await source.createTask(haEligible.id, LFU);
    clock.advance(TASK_DONE_MS);
    const keys = (await source.getTask(haEligible.id, standalone.id)).keys ?? [];
    expect(keys[0]?.name).toBe(haEligible.hottestKey.name);
    expect(new Set(keys.map((k) => k.db)).size).toBeGreaterThan(1);
    expect(keys.every((k) => k.shard === undefined)).toBe(true);
  });

  it('lists tasks paged and by status, newest first', async () => {
    const source = harness.source(method);
    const first = await source.createTask(proxyEligible.id, LFU);
    clock.advance(TASK_DONE_MS);
    const second = await source.createTask(proxyEligible.id, LFU);
    const third = await source.createTask(proxyEligible.id, LFU);

    const page = taskListSchema.parse(await source.listTasks(proxyEligible.id, { offset: 1, limit: 1 }));
    expect(page).toMatchObject({ instance_id: proxyEligible.id, count: 3 });
    expect(page.records.map((r) => r.id)).toEqual([second.id]);
    const all = await source.listTasks(proxyEligible.id, { offset: 0, limit: 10 });
    expect(all.records.map((r) => r.id)).toEqual([third.id, second.id, first.id]);
    const done = await source.listTasks(proxyEligible.id, { offset: 0, limit: 10, status: 'success' });
    expect(done).toMatchObject({ count: 1, records: [{ id: first.id, status: 'success' }] });
  });

  it('deletes a task; deleting it again is a 404', async () => {
    const source = harness.source(method);
    const task = await source.createTask(haEligible.id, LFU);
    clock.advance(TASK_DONE_MS);
    await source.getTask(haEligible.id, task.id);
    expect(await harness.store.get(haEligible.id, task.id)).toBeDefined();

    const deleted = await source.deleteTask(haEligible.id, task.id);
    expect(deleted).toMatchObject({ id: task.id, status: 'success' });
    expect(await harness.store.get(haEligible.id, task.id)).toBeUndefined();
    const again = await rejectionOf(source.deleteTask(haEligible.id, task.id));
    expect(again).toBeInstanceOf(ApiError);
    expect(again).toMatchObject({ status: 404 });
    expect(await rejectionOf(source.getTask(haEligible.id, task.id))).toMatchObject({
      status: 404,
      code: 'DCS.4941',
      hint: expect.stringMatching(/rotated out/),
    });
  });

  it('reads and updates the auto-scan schedule', async () => {
    const source = harness.source(method);
    const before = autoscanConfigSchema.parse(await source.getAutoscan!(haEligible.id));
    expect(before).toMatchObject({ enable_auto_scan: true, schedule_at: ['21:00'] });
    const updated = await source.putAutoscan!(clusterEligible.id, {
      enable_auto_scan: true,
      schedule_at: ['03:30', '15:00'],
    });
    expect(updated).toMatchObject({
      instance_id: clusterEligible.id,
      enable_auto_scan: true,
      schedule_at: ['03:30', '15:00'],
    });
    expect(await source.getAutoscan!(clusterEligible.id)).toEqual(updated);
  });

  it('passes refusals on with their DCS code, message and a plain hint', async () => {
    const source = harness.source(method);
    expect(await rejectionOf(source.createTask(nonLfu.id, LFU))).toMatchObject({
      status: 400,
      code: 'DCS.4922',
      message: 'Does not support hotkey analyze.',
      hint: expect.stringMatching(/Redis 4\.0 or later and maxmemory-policy/),
    });
    expect(await rejectionOf(source.createTask(redis3.id, LFU))).toMatchObject({ code: 'DCS.4922' });
    expect(await rejectionOf(source.createTask(notRunning.id, LFU))).toMatchObject({
      status: 409,
      code: 'DCS.4049',
      hint: expect.stringMatching(/RUNNING/),
    });
    expect(
      await rejectionOf(source.createTask(haEligible.id, { method: 'sample', impact: 'gentle', seconds: 10 })),
    ).toMatchObject({
      status: 400,
    });
    expect(await rejectionOf(source.getInstance('7d0e4a2b-1c3f-4e5a-9b8c-999999999999'))).toMatchObject({
      status: 404,
    });
  });

  it('keeps at most the documented number of records per instance', async () => {
    const source = harness.source(method);
    const instance = '7d0e4a2b-1c3f-4e5a-9b8c-000000000001';
    for (let i = 0; i < MAX_RECORDS + 5; i++) await source.createTask(instance, LFU);
    expect((await source.listTasks(instance, { offset: 0, limit: 1000 })).count).toBe(MAX_RECORDS);
  });
});
