import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../contract/hotkey-task';
import { keyHistorySchema, keyTrend } from '../../contract/key-history';
import { freqMove, idleDecaySteps } from '../../contract/lfu-decay';
import { parseConfig } from '../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { ManualClock } from '../../../test-support/manual-clock';
import { connect, disconnect, setFreq, type TestClient } from '../../../test-support/lfu-keyspace';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { apiClient } from '../../../test-support/api-client';

/**
 * Redis takes one step off an untouched key's freq per `lfu-decay-time` minutes. A test cannot wait minutes, so
 * the BFF's clock is moved on and the idle key is given the counter those minutes leave (RESTORE ... FREQ sets
 * it exactly); the server's own decay, one step per real minute boundary crossed, only ever adds one step here.
 */
describe('idle decay between two analyses of a real redis-server', () => {
  let redis: RedisServerProcess;
  let admin: TestClient;
  let dataDir: string;
  let dashboard: RunningDashboard;
  let api: ReturnType<typeof apiClient>;
  const clock = new ManualClock('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    redis = await startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lfu', '--lfu-decay-time', '5'] });
    admin = await connect(redis.url);
    for (const [key, freq] of [
      ['idle', 40],
      ['cooling', 40],
      ['busy', 10],
    ] as const) {
      await admin.set(key, 'v');
      await setFreq(admin, key, freq);
    }
    dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-decay-'));
    const config = parseConfig({ sources: [{ kind: 'redis', id: 'cache', name: 'Cache', url: redis.url }] }, 'test');
    dashboard = await startDashboard({ config, dataDir, host: '127.0.0.1', port: 0, clock });
    api = apiClient(dashboard.url);
  });

  afterAll(async () => {
    await dashboard?.close();
    disconnect(admin);
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const analyse = async (): Promise<Task> => {
    const task = await api.waitForTask('cache', (await api.startTask('cache')).id);
    expect(task.status).toBe('success');
    return task;
  };
  const freqIn = (task: Task, name: string) => task.keys!.find((key) => key.name === name)!.freq!;
  const moveOf = (earlier: Task, later: Task, name: string) =>
    freqMove(
      freqIn(earlier, name),
      freqIn(later, name),
      idleDecaySteps(Date.parse(later.started_at!) - Date.parse(earlier.started_at!), earlier.lfu!.decay_time),
    );

  it('labels a fall the idle minutes explain as idle decay, at the decay time the server had', async () => {
    // Lowered to one minute per step, as the embedded demo runs: the analyses record it.
    await admin.configSet('lfu-decay-time', '1');
    const earlier = await analyse();
    expect(earlier.lfu).toEqual({ log_factor: 10, decay_time: 1 });

    // Three idle minutes: `idle` untouched (two steps off), `cooling` far below what decay could take.
    await clock.advance(3 * 60_000);
    await setFreq(admin, 'idle', freqIn(earlier, 'idle') - 2);
    await setFreq(admin, 'cooling', freqIn(earlier, 'cooling') - 10);
    await Promise.all(Array.from({ length: 2000 }, () => admin.get('busy')));
    const later = await analyse();

    expect(Date.parse(later.started_at!) - Date.parse(earlier.started_at!)).toBe(3 * 60_000);
    expect(moveOf(earlier, later, 'idle')).toBe('idle decay');
    expect(moveOf(earlier, later, 'cooling')).toBe('cooler');
    expect(moveOf(earlier, later, 'busy')).toBe('hotter');

    // The same fall over a single minute is more than decay explains.
    await clock.advance(60_000);
    await setFreq(admin, 'idle', freqIn(later, 'idle') - 3);
    const soon = await analyse();
    expect(moveOf(later, soon, 'idle')).toBe('cooler');

    // The key timeline says so too: its fall over the first gap is idle decay.
    const history = keyHistorySchema.parse((await api.get('/api/instances/cache/key-history?db=0&key=idle')).json);
    expect(keyTrend(history.points.slice(0, 2))).toMatchObject({ direction: 'falling', idleDecay: true });
    expect(keyTrend(history.points)).toMatchObject({ direction: 'falling', idleDecay: false });
  });
});
