import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Database } from './database';
import { Replica } from './replica';

/** A PostgreSQL-kind store that can be made unreachable: every statement then fails, as a dropped server's do. */
function outageStore() {
  let down = false;
  const db = {
    kind: 'postgres' as const,
    description: 'postgres://test/db',
    run: async () => {
      if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return 1;
    },
  } as unknown as Database;
  return { db, setDown: (value: boolean) => (down = value) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a replica after an outage of the store', () => {
  it('sweeps only after a whole timeout of unbroken beats, so live replicas can beat again first', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T06:00:00Z') });
    const { db, setDown } = outageStore();
    const replica = new Replica(db, { timeoutMs: 3_000 });
    await replica.register();
    let sweeps = 0;
    replica.start(async () => {
      sweeps++;
    });
    await vi.advanceTimersByTimeAsync(3_500);
    expect(sweeps, 'sweeps once it has beaten for a timeout since it started').toBeGreaterThan(0);

    setDown(true);
    await vi.advanceTimersByTimeAsync(10_000);
    const before = sweeps;
    setDown(false);
    // Every heartbeat is older than the timeout now; another live replica needs a beat or two to show it.
    await vi.advanceTimersByTimeAsync(2_500);
    expect(sweeps, 'no sweep in the first timeout after the store came back').toBe(before);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(sweeps).toBeGreaterThan(before);
    await replica.stop();
  });
});
