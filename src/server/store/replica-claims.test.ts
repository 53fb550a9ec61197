import { describe, expect, it } from 'vitest';
import { AlertStore, INTERRUPTED_DELIVERY } from '../alerts/alert-store';
import { ScheduleStore } from '../schedule/schedule-store';
import { WatchStore } from '../watch/watch-store';
import { STORE_KINDS, testDatabases } from '../../../test-support/store-kinds';
import { Replica } from './replica';

const DUE = new Date('2026-03-01T06:00:00.000Z');

describe.each(STORE_KINDS)('what replicas claim in the store, on %s', (kind) => {
  const databases = testDatabases(kind);

  it('gives each due time to one claimant, and settles only the claims of gone replicas', async () => {
    const { db, reopen } = await databases.fresh();
    const schedules = new ScheduleStore(db);
    const other = kind === 'postgres' ? new ScheduleStore(await reopen()) : schedules;
    const claims = await Promise.all([schedules.claim('i1', DUE, 'a'), other.claim('i1', DUE, 'b')]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await schedules.claim('i1', DUE, 'a')).toBe(false);
    expect(await schedules.claim('i2', DUE, 'a')).toBe(true);
    // 'a' and 'b' never beat: gone. 'me' is the caller.
    await schedules.claim('i3', DUE, 'me');
    expect(await schedules.settleAbandoned('me', new Date())).toBe(2);
    expect((await schedules.runs('i3', 10)).map((r) => r.outcome)).toEqual([]);
    expect((await schedules.runs('i2', 10)).map((r) => r.outcome)).toEqual(['failed']);
  });

  it('raises one delivery per analysis, and fails only the pending deliveries of gone replicas', async () => {
    const { db } = await databases.fresh();
    const alerts = new AlertStore(db);
    const delivery = (id: string, task: string) => ({
      id,
      task_id: task,
      scan_type: 'manual' as const,
      created_at: DUE.toISOString(),
      key_count: 1,
      top_key: { name: 'k', freq: 200 },
    });
    expect(await alerts.insertDelivery('i1', delivery('d1', 't1'), 'gone')).toBe(true);
    expect(await alerts.insertDelivery('i1', delivery('d2', 't1'), 'me'), 'the same analysis again').toBe(false);
    expect(await alerts.insertDelivery('i1', delivery('d3', 't2'), 'me')).toBe(true);
    expect(await alerts.failInterrupted('me', new Date())).toBe(1);
    const records = await alerts.deliveries('i1', 10);
    expect(records.map((r) => [r.id, r.status, r.last_error])).toEqual([
      ['d3', 'pending', null],
      ['d1', 'failed', INTERRUPTED_DELIVERY],
    ]);
  });

  it('interrupts the running watches of a replica whose heartbeat stopped, not those of a live one', async () => {
    const { db } = await databases.fresh();
    const now = new Date('2026-03-01T06:00:00.000Z');
    const live = new Replica(db, { timeoutMs: 5_000, now: () => now });
    await live.register();
    await db.run(`INSERT INTO replicas (id, started_at, heartbeat_at) VALUES ('dead', ?, ?)`, [
      new Date(now.getTime() - 60_000).toISOString(),
      new Date(now.getTime() - 6_000).toISOString(),
    ]);
    const watches = new WatchStore(db);
    const watch = (id: string) => ({
      id,
      instance_id: 'i1',
      status: 'running' as const,
      method: 'lfu' as const,
      every_seconds: 30,
      for_seconds: 600,
      started_at: now.toISOString(),
      ends_at: new Date(now.getTime() + 600_000).toISOString(),
      started_by: 'ops',
      ended_at: null,
      end_reason: null,
      skips: [],
    });
    await watches.insert(watch('w-live'), live.id);
    await watches.insert(watch('w-dead'), 'dead');
    await watches.insert(watch('w-mine'), 'me');
    expect(await watches.interruptOrphans('me', new Date(now.getTime() - 5_000), now, 'gone')).toBe(1);
    expect((await watches.get('i1', 'w-dead'))?.status).toBe('interrupted');
    expect((await watches.get('i1', 'w-live'))?.status).toBe('running');
    expect((await watches.get('i1', 'w-mine'))?.status).toBe('running');
    // On SQLite no other process shares the file: every replica but the caller is gone.
    expect(live.aliveSince().getTime() > now.getTime()).toBe(kind === 'sqlite');
  });
});
