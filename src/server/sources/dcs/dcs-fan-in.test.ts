import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_INSTANCES, MAX_RECORDS } from '../../../../test-support/dcs-contract-server';
import { manualClock, startHarness, type DcsHarness } from '../../../../test-support/dcs-source-harness';

const { haEligible, clusterEligible } = CONTRACT_INSTANCES;
const LFU = { method: 'lfu', impact: 'gentle' } as const;
const POLLERS = 100;
const TICK_MS = 10;
/**
 * No fault is injected here, so the harness's short timeout only turns a busy machine into a failure;
 * the counts asserted are upstream calls, which a longer wait does not change.
 */
const PATIENT = { tuning: { requestTimeoutMs: 5_000 } };

describe('polling fan-in and kept copies', () => {
  const clock = manualClock();
  let harness: DcsHarness;

  beforeAll(async () => {
    // A long running phase, so that the task stays unfinished while 100 browsers watch it for 10 s.
    harness = await startHarness({ now: clock.now, taskTiming: { waitingMs: 500, runningMs: 60_000 } });
  });
  afterAll(() => harness.close());

  /** Each poller asks once a second, the pollers spread over the second; returns the statuses seen. */
  async function pollFor(ms: number, poll: () => Promise<{ status: string }>): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let elapsed = 0; elapsed <= ms; elapsed += TICK_MS) {
      const due = Array.from({ length: POLLERS }, (_, i) => i).filter((i) => elapsed % 1_000 === (i * TICK_MS) % 1_000);
      for (const task of await Promise.all(due.map(() => poll()))) seen.add(task.status);
      clock.advance(TICK_MS);
    }
    return seen;
  }

  it('asks DCS once for 100 browsers polling at the same instant', async () => {
    const source = harness.source('aksk', PATIENT);
    const task = await source.createTask(clusterEligible.id, LFU);
    harness.server.control.reset();
    const seen = await Promise.all(Array.from({ length: POLLERS }, () => source.getTask(clusterEligible.id, task.id)));
    expect(new Set(seen.map((t) => t.id))).toEqual(new Set([task.id]));
    expect(harness.server.control.calls('ShowHotkeyTaskDetails')).toBe(1);
  });

  it('100 pollers for 10 s make at most 6 upstream calls; a finished task is served from cache', async () => {
    const source = harness.source('aksk', PATIENT);
    const task = await source.createTask(haEligible.id, LFU);
    harness.server.control.reset();

    const watching = await pollFor(10_000, () => source.getTask(haEligible.id, task.id));
    expect(watching).toEqual(new Set(['waiting', 'running']));
    const calls = harness.server.control.calls('ShowHotkeyTaskDetails');
    expect(calls).toBeLessThanOrEqual(6);
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(harness.server.control.calls()).toBe(calls);

    clock.advance(60_000);
    harness.server.control.reset();
    const finished = await pollFor(10_000, () => source.getTask(haEligible.id, task.id));
    expect(finished).toEqual(new Set(['success']));
    expect(harness.server.control.calls()).toBe(1);
  });

  it('keeps a finished task, so its link opens after DCS rotated the record out', async () => {
    const source = harness.source('aksk', PATIENT);
    const task = await source.createTask(haEligible.id, LFU);
    clock.advance(61_000);
    const done = await source.getTask(haEligible.id, task.id);
    expect(done.status).toBe('success');
    expect((await harness.store.get(haEligible.id, task.id))?.keys).toEqual(done.keys);

    for (let i = 0; i < MAX_RECORDS; i++) await source.createTask(haEligible.id, LFU);
    const listed = await source.listTasks(haEligible.id, { offset: 0, limit: 1000 });
    expect(listed.records.some((r) => r.id === task.id)).toBe(false);

    // A restarted BFF: nothing in memory, the store on disk.
    const restarted = harness.source('aksk', PATIENT);
    harness.server.control.reset();
    const kept = await restarted.getTask(haEligible.id, task.id);
    expect(kept).toMatchObject({ id: task.id, status: 'success', kept_copy: true, keys: done.keys });
    expect(harness.server.control.calls('ShowHotkeyTaskDetails')).toBe(1);

    // Deleting the kept copy: DCS answers 204 (no such record), the copy goes, the answer is the copy.
    expect(await restarted.deleteTask(haEligible.id, task.id)).toMatchObject({ id: task.id, kept_copy: true });
    expect(await harness.store.get(haEligible.id, task.id)).toBeUndefined();
  });
});
