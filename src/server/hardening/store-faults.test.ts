import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskListSchema, taskSchema } from '../../contract/hotkey-task';
import { parseConfig } from '../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { seedStandalone } from '../local-redis/seed-workload';
import { LFU_TEST_ARGS } from '../../../test-support/lfu-keyspace';
import { startDashboard, type RunningDashboard } from '../start-dashboard';
import { apiClient } from '../../../test-support/api-client';

/**
 * A real full disk: the data directory on a small tmpfs (mounting needs root, as the CI machine has),
 * filled up by a file while the BFF runs, then freed.
 */
let redis: RedisServerProcess;
let mount: string;
let dashboard: RunningDashboard;
let api: ReturnType<typeof apiClient>;
const filler = () => join(mount, 'filler');

function fillDisk(): void {
  const fd = openSync(filler(), 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // The last blocks: a write smaller than a chunk may still have fitted.
  const tail = openSync(filler(), 'a');
  try {
    for (;;) writeSync(tail, Buffer.alloc(512));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(tail);
  }
}

beforeAll(async () => {
  mount = mkdtempSync(join(tmpdir(), 'hotkeys-fulldisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`this test mounts a 4 MiB tmpfs to fill it, which needs root: ${String(error)}`, { cause: error });
  }
  redis = await startRedisServer({ args: LFU_TEST_ARGS });
  await seedStandalone(redis.url, 1, { coldKeys: 200, warmKeys: 5, hottestHits: 2000 });
  dashboard = await startDashboard({
    config: parseConfig(
      { startsPerMinute: 1000, sources: [{ kind: 'redis', id: 'cache', name: 'Cache', url: redis.url }] },
      'the test',
    ),
    dataDir: join(mount, 'data'),
    host: '127.0.0.1',
    port: 0,
  });
  api = apiClient(dashboard.url);
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
  await redis?.stop();
  if (mount) {
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  }
});

const health = async () => (await api.get('/api/health')).json as { status: string; store: string };

describe('a full disk under the data directory', () => {
  it('answers 503 naming the store, keeps what was stored, reports the store degraded, and recovers', async () => {
    const before = await api.waitForTask('cache', (await api.startTask('cache')).id);
    expect(before.status).toBe('success');
    expect(await health()).toMatchObject({ status: 'ok', store: 'ok' });

    fillDisk();
    const refused = await api.call('POST', '/api/instances/cache/hotkey-tasks', '{"impact":"fast"}');
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ error_code: 'HOTKEYS.503', error_msg: 'store unavailable: disk full' });
    expect(await health()).toMatchObject({ status: 'degraded', store: 'degraded: disk full' });
    // Reads go on: the record made before the disk filled is whole.
    const kept = taskSchema.parse((await api.get(`/api/instances/cache/hotkey-tasks/${before.id}`)).json);
    expect(kept.status).toBe('success');
    expect(kept.keys?.length).toBe(before.keys?.length);
    expect(taskListSchema.parse((await api.get('/api/instances/cache/hotkey-tasks')).json).count).toBe(1);

    unlinkSync(filler());
    // The health check tries a write itself: the freed disk shows without a user's write.
    expect(await health()).toMatchObject({ status: 'ok', store: 'ok' });
    const after = await api.waitForTask('cache', (await api.startTask('cache')).id);
    expect(after.status).toBe('success');
  });

  it('ends an analysis whose result cannot be recorded as failed, never left running', async () => {
    // A sampling window runs for its seconds whatever the keyspace: the disk fills while it runs.
    const running = await api.startTask('cache', '{"method":"sample","seconds":2}');
    fillDisk();
    const ended = await api.waitForTask('cache', running.id);
    expect(ended.status).toBe('failed');
    expect(ended.failure_reason).toMatch(/could not be recorded: store unavailable: disk full/);
    // Nothing is active any more: the next start is refused for the disk, not as a conflict.
    const next = await api.call('POST', '/api/instances/cache/hotkey-tasks', '{}');
    expect(next.status).toBe(503);

    unlinkSync(filler());
    expect(await health()).toMatchObject({ store: 'ok' });
    // The end kept in memory was written once the store took writes again.
    const stored = taskSchema.parse((await api.get(`/api/instances/cache/hotkey-tasks/${running.id}`)).json);
    expect(stored.status).toBe('failed');
  });
});
