import { performance } from 'node:perf_hooks';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { type SeededDatabase, seedStandalone } from '../local-redis/seed-workload';
import { connect, disconnect, type TestClient, waitUntil } from '../../../test-support/lfu-keyspace';
import { hotKeyIndex, startDemoWorkload, type WorkloadTarget } from './demo-workload';
import { LFU_ARGS } from './start-embedded-sources';

const SEED = 3;
const MOVE_MS = 3_600_000;

/** What MONITOR saw in db 0 over its first `lines` commands there: commands per key, and per command name. */
async function watchTraffic(url: string, lines: number) {
  let seen = 0;
  const perKey = new Map<string, number>();
  const perCommand = new Map<string, number>();
  const monitor = createClient({ url });
  monitor.on('error', () => undefined);
  await monitor.connect();
  await monitor.monitor((line) => {
    const match = /\[0 [^\]]+\] "(\w+)" "([^"]*)"/.exec(String(line));
    if (!match) return;
    seen++;
    perCommand.set(match[1]!, (perCommand.get(match[1]!) ?? 0) + 1);
    perKey.set(match[2]!, (perKey.get(match[2]!) ?? 0) + 1);
  });
  await waitUntil(async () => seen >= lines, 10_000);
  monitor.destroy();
  const top = [...perKey].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { top, perCommand };
}

describe('the demo workload against a real redis-server', () => {
  let redis: RedisServerProcess;
  let admin: TestClient;
  let seeded: SeededDatabase[];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    redis = await startRedisServer({ args: LFU_ARGS });
    admin = await connect(redis.url);
    seeded = await seedStandalone(redis.url, 2, { coldKeys: 20, warmKeys: 8, hottestHits: 50 });
  });

  afterAll(async () => {
    for (const client of clients) disconnect(client);
    disconnect(admin);
    await redis?.stop();
  });

  const clientCount = async () =>
    String(await admin.sendCommand(['CLIENT', 'LIST']))
      .trim()
      .split('\n').length;

  it('reads skewed to a hot key that moves, writes some, and stops with its connections', async () => {
    const targets: WorkloadTarget[] = [];
    for (const db of seeded) {
      const client = createClient({ url: redis.url, database: db.db });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client as TestClient);
      targets.push({
        sender: { send: (_key, args) => client.sendCommand(args) },
        keys: [{ key: db.hottestKey, type: 'string' }, ...db.warmKeys],
        prefix: `app${db.db}:`,
      });
    }
    const count = targets[0]!.keys.length;
    expect(hotKeyIndex(SEED, 0, 0, count), 'the seed moves the hot key of db 0').not.toBe(
      hotKeyIndex(SEED, 1, 0, count),
    );

    // The hot key moves when the workload's clock passes a period: the test moves that clock by one.
    let shift = 0;
    const now = () => performance.now() + shift;
    const workload = startDemoWorkload(targets, { rate: 2000, moveEveryMs: MOVE_MS, hotShare: 0.5, seed: SEED, now });
    const firstHot = workload.hotKeys()[0];
    const first = await watchTraffic(redis.url, 400);
    shift += MOVE_MS;
    const second = await watchTraffic(redis.url, 400);

    expect(first.top).toBe(firstHot);
    expect(second.top).toBe(workload.hotKeys()[0]);
    expect(second.top).not.toBe(first.top);
    const commands = Object.fromEntries(second.perCommand);
    expect(commands.INCR).toBeGreaterThan(0);
    const writes = commands.INCR! / Object.values(commands).reduce((a, b) => a + b, 0);
    expect(writes).toBeGreaterThan(0.02);
    expect(writes).toBeLessThan(0.3);

    await workload.stop();
    const sent = workload.sent();
    for (const client of clients.splice(0)) disconnect(client);
    await waitUntil(async () => (await clientCount()) === 1);
    expect(workload.sent()).toBe(sent);
  });
});
