import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { type Task, taskListSchema, taskSchema } from '../../contract/hotkey-task';
import { instanceListSchema, instanceSummarySchema } from '../../contract/instance-summary';
import type { ConfigInput } from '../config/config-schema';
import { parseConfig } from '../config/load-config';
import { findFreePort } from '../local-redis/free-port';
import { startDashboard } from '../start-dashboard';
import { openDatabase } from '../store/sqlite-database';
import { TaskStore } from '../store/task-store';
import { apiClient } from '../../../test-support/api-client';
import { rawRequest } from '../../../test-support/raw-http';
import { type ScanTargets, startScanTargets } from '../../../test-support/scan-targets';
import { bffStartUpFailure, startBff } from '../../../test-support/spawn-bff';

let targets: ScanTargets;
let dir: string;
let config: ConfigInput;

beforeAll(async () => {
  targets = await startScanTargets();
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-faults-'));
  config = { sources: targets.sources };
}, 60_000);

afterAll(async () => {
  await targets?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A scratch directory per test, so that no test sees another's data. */
const scratch = (name: string): string => {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  return path;
};

describe('the BFF killed in the middle of an analysis', () => {
  it('marks that analysis failed ("interrupted") on restart and keeps every earlier record intact', async () => {
    const run = scratch('killed');
    const first = await startBff({ dir: run, config });
    const api = apiClient(first.url);
    const earlier: Task[] = [];
    for (let i = 0; i < 2; i++) {
      const done = await api.waitForTask('small', (await api.startTask('small')).id);
      expect(done.status).toBe('success');
      earlier.push(done);
    }
    const startBig = await api.call('POST', '/api/instances/big/hotkey-tasks', '{"impact":"gentle"}');
    const running = taskSchema.parse(startBig.json);
    for (;;) {
      const task = taskSchema.parse((await api.get(`/api/instances/big/hotkey-tasks/${running.id}`)).json);
      if (task.status === 'running' && (task.progress?.scanned ?? 0) > 0) break;
      expect(task.status).not.toMatch(/success|failed/);
      await new Promise((r) => setTimeout(r, 20));
    }
    await first.stop('SIGKILL');

    const second = await startBff({ dir: run, config });
    try {
      const again = apiClient(second.url);
      const interrupted = taskSchema.parse((await again.get(`/api/instances/big/hotkey-tasks/${running.id}`)).json);
      expect(interrupted.status).toBe('failed');
      expect(interrupted.failure_reason).toMatch(/interrupted/);
      expect(interrupted.finished_at).toBeTruthy();
      for (const task of earlier) {
        expect((await again.get(`/api/instances/small/hotkey-tasks/${task.id}`)).json).toEqual(task);
      }
      expect(taskListSchema.parse((await again.get('/api/instances/small/hotkey-tasks')).json).count).toBe(2);
      const warning = await second.waitForLog((l) => l.msg === 'analyses interrupted by a restart marked failed');
      expect(warning.count).toBe(1);
      const next = await again.startTask('big', '{"impact":"fast"}');
      expect(next.status, 'the instance is free for a new analysis').toBe('waiting');
      expect((await again.call('DELETE', `/api/instances/big/hotkey-tasks/${next.id}`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});

describe('an unusable data directory', () => {
  it('stops start-up with a clear message when the SQLite file is corrupt, and leaves it untouched', async () => {
    const run = scratch('corrupt');
    const dataDir = join(run, 'data');
    mkdirSync(dataDir);
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 131 + 7) % 256));
    writeFileSync(join(dataDir, 'hotkeys.sqlite'), garbage);
    const result = await bffStartUpFailure({ dir: run, config });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/cannot open the task store .*hotkeys\.sqlite: file is not a database/);
    expect(readFileSync(join(dataDir, 'hotkeys.sqlite')).equals(garbage)).toBe(true);
  });

  it('refuses a store whose pages are damaged, byte for byte as it found it', async () => {
    const run = scratch('damaged');
    const dataDir = join(run, 'data');
    const db = openDatabase(dataDir);
    const store = new TaskStore(db);
    for (let i = 0; i < 200; i++) {
      await store.insert({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        instance_id: `instance-${i % 3}`,
        status: 'success',
        scan_type: 'manual',
        created_at: new Date().toISOString(),
        keys: [{ name: `key-${i}`.repeat(50), type: 'string', db: 0, size: 1, unit: 'byte', freq: 5 }],
      });
    }
    await db.close();
    const file = join(dataDir, 'hotkeys.sqlite');
    const damaged = readFileSync(file);
    // Keep the header (the file still says "SQLite format 3"), scramble the pages behind it.
    for (let i = 4096; i < damaged.length; i += 7) damaged[i] = (damaged[i]! ^ 0x5a) & 0xff;
    writeFileSync(file, damaged);
    const result = await bffStartUpFailure({ dir: run, config });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/cannot open the task store .*hotkeys\.sqlite/);
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });

  it('stops start-up with a clear message when HOTKEYS_DATA_DIR lies below a regular file', async () => {
    const run = scratch('below-file');
    const blocker = join(run, 'not-a-directory');
    writeFileSync(blocker, 'a regular file');
    const result = await bffStartUpFailure({ dir: run, config, dataDir: join(blocker, 'data') });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/cannot open the task store .*not-a-directory\/data.*ENOTDIR/);
    expect(readFileSync(blocker, 'utf8')).toBe('a regular file');
  });

  it('stops start-up with a clear message when the database path is a directory', async () => {
    const run = scratch('db-is-dir');
    mkdirSync(join(run, 'data', 'hotkeys.sqlite'), { recursive: true });
    const result = await bffStartUpFailure({ dir: run, config });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/cannot open the task store .*hotkeys\.sqlite: .+/);
  });
});

describe('an unreachable Redis server', () => {
  it('shows that instance UNREACHABLE with a reason while the rest of the dashboard works', async () => {
    const deadPort = await findFreePort();
    const TOKEN = 'operator-token-for-fault-tests';
    const PASSWORD = 'dead-server-password-Kf72';
    const dashboard = await startDashboard({
      config: parseConfig(
        {
          auth: { mode: 'token', tokens: [{ user: 'ops', role: 'operator', tokenEnv: 'OPS_TOKEN' }] },
          sources: [
            { kind: 'redis', id: 'down', name: 'Down', url: `redis://127.0.0.1:${deadPort}`, passwordEnv: 'DOWN_PW' },
            { kind: 'redis', id: 'small', name: 'Small', url: targets.small.url },
          ],
        },
        'test',
      ),
      dataDir: scratch('unreachable'),
      host: '127.0.0.1',
      port: 0,
      env: { OPS_TOKEN: TOKEN, DOWN_PW: PASSWORD },
    });
    try {
      const headers = {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        'x-requested-with': 'hotkeys',
      };
      const call = (method: string, path: string, body?: string) =>
        rawRequest(dashboard.url, { method, path, headers, body });

      const { instances, source_errors } = instanceListSchema.parse((await call('GET', '/api/instances')).json);
      expect(source_errors).toEqual([]);
      const down = instances.find((i) => i.id === 'down');
      expect(down?.status).toBe('UNREACHABLE');
      expect(down?.eligibility).toMatchObject({ ok: false });
      expect(down?.eligibility.reason).toMatch(/cannot reach the server: .*ECONNREFUSED/);
      expect(instances.find((i) => i.id === 'small')?.status).toBe('RUNNING');

      expect(instanceSummarySchema.parse((await call('GET', '/api/instances/down')).json).status).toBe('UNREACHABLE');
      const refused = await call('POST', '/api/instances/down/hotkey-tasks', '{}');
      expect(refused.status).toBe(503);
      expect(errorBodySchema.parse(refused.json).error_msg).toMatch(/unreachable/);
      expect(taskListSchema.parse((await call('GET', '/api/instances/down/hotkey-tasks')).json).count).toBe(0);

      const started = taskSchema.parse((await call('POST', '/api/instances/small/hotkey-tasks', '{}')).json);
      for (;;) {
        const task = taskSchema.parse((await call('GET', `/api/instances/small/hotkey-tasks/${started.id}`)).json);
        if (task.status === 'success') break;
        expect(task.status).not.toBe('failed');
        await new Promise((r) => setTimeout(r, 50));
      }

      const health = await rawRequest(dashboard.url, { path: '/api/health' });
      expect(health.status).toBe(200);
      expect(health.json).toMatchObject({
        status: 'degraded',
        sources: [
          { id: 'down', kind: 'redis', reachable: false },
          { id: 'small', kind: 'redis', reachable: true },
        ],
      });
      for (const leak of [
        '127.0.0.1',
        'localhost',
        String(deadPort),
        String(targets.small.port),
        PASSWORD,
        'redis://',
      ]) {
        expect(health.text, `health shows ${leak}`).not.toContain(leak);
      }
    } finally {
      await dashboard.close();
    }
  });
});
