import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyRecord, Task } from '../../contract/hotkey-task';
import { findFreePort } from '../local-redis/free-port';
import { openDatabase, type SqliteDatabase } from '../store/sqlite-database';
import { AlertService, NO_WEBHOOK } from './alert-service';
import { AlertStore } from './alert-store';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test-support/webhook-receiver';

const key = (name: string, freq: number): KeyRecord => ({ name, type: 'string', db: 0, size: 10, unit: 'byte', freq });

const finished = (keys: KeyRecord[], overrides: Partial<Task> = {}): Task => ({
  id: 'task-1',
  instance_id: 'cache',
  status: 'success',
  scan_type: 'auto',
  created_at: '2026-03-01T21:00:00.000Z',
  started_at: '2026-03-01T21:00:00.100Z',
  finished_at: '2026-03-01T21:00:02.000Z',
  num: keys.length,
  keys,
  ...overrides,
});

const KEYS = [key('user:1', 40), key('session:9', 250), key('user:2', 120), key('user:3', 90)];

let dir: string;
let db: SqliteDatabase;
let receiver: WebhookReceiver | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-alerts-'));
  db = openDatabase(dir);
});

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const service = (url: string | undefined, maxAttempts = 4) =>
  new AlertService({
    store: new AlertStore(db),
    webhook: url ? { url, maxAttempts, timeoutMs: 2000 } : undefined,
    describeInstance: async () => ({ name: 'Cache', lfu: { log_factor: 10, decay_time: 1 } }),
    taskUrl: (id, taskId) => `https://hotkeys.example.com/instances/${id}/tasks/${taskId}`,
    retryDelayMs: () => 5,
    now: () => new Date('2026-03-01T21:00:03.000Z'),
  });

describe('hot key alerts', () => {
  it('posts the offending keys, hottest first, with freq, estimated rate and the task link', async () => {
    receiver = await startWebhookReceiver([200]);
    const alerts = service(`${receiver.url}/hooks/abc?token=s3cret`);
    await alerts.putRule('cache', { enabled: true, freq_threshold: 100, key_pattern: 'user:*' });

    alerts.onTaskFinished(finished(KEYS));
    await alerts.idle();

    const [call] = await receiver.received(1);
    expect(call!.url).toBe('/hooks/abc?token=s3cret');
    expect(call!.headers['content-type']).toBe('application/json');
    expect(call!.body).toMatchObject({
      type: 'hotkeys.alert',
      instance: { id: 'cache', name: 'Cache' },
      task: { id: 'task-1', scan_type: 'auto', url: 'https://hotkeys.example.com/instances/cache/tasks/task-1' },
      rule: { freq_threshold: 100, key_pattern: 'user:*' },
      keys_total: 1,
      keys: [
        {
          name: 'user:2',
          freq: 120,
          db: 0,
          // (120 - 5) * 10 + 1 accesses a minute keep the counter at 120.
          estimate: { per_second_floor: 1151 / 60, at_ceiling: false },
        },
      ],
    });
    expect((call!.body as { text: string }).text).toMatch(/^Hot keys on Cache: 1 key matching user:\* above freq 100/);
    expect((await alerts.deliveries('cache')).records).toEqual([
      expect.objectContaining({ task_id: 'task-1', status: 'delivered', attempts: 1, last_error: null, key_count: 1 }),
    ]);
  });

  it('retries after server errors and records the failures it met', async () => {
    receiver = await startWebhookReceiver([500, 503, 200]);
    const alerts = service(receiver.url);
    await alerts.putRule('cache', { enabled: true, freq_threshold: 100 });

    alerts.onTaskFinished(finished(KEYS));
    await alerts.idle();

    expect(receiver.calls).toHaveLength(3);
    const [delivery] = (await alerts.deliveries('cache')).records;
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 3,
      last_error: 'HTTP 503 Service Unavailable',
      delivered_at: '2026-03-01T21:00:03.000Z',
      key_count: 2,
      top_key: { name: 'session:9', freq: 250 },
    });
  });

  it('gives up after the configured tries, and does not retry an answer that will not change', async () => {
    receiver = await startWebhookReceiver([502]);
    const alerts = service(receiver.url, 3);
    await alerts.putRule('cache', { enabled: true, freq_threshold: 100 });
    alerts.onTaskFinished(finished(KEYS));
    await alerts.idle();
    expect(receiver.calls).toHaveLength(3);
    expect((await alerts.deliveries('cache')).records[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'HTTP 502 Bad Gateway',
      delivered_at: null,
    });

    const gone = await startWebhookReceiver([404]);
    const refused = service(gone.url, 3);
    refused.onTaskFinished(finished(KEYS, { id: 'task-2' }));
    await refused.idle();
    await gone.close();
    expect(gone.calls).toHaveLength(1);
    expect((await refused.deliveries('cache')).records[0]).toMatchObject({
      task_id: 'task-2',
      status: 'failed',
      attempts: 1,
      last_error: 'HTTP 404 Not Found (not retried)',
    });
  });

  it('records an unreachable webhook as failed after its tries', async () => {
    const alerts = service(`http://127.0.0.1:${await findFreePort()}/hook`, 2);
    await alerts.putRule('cache', { enabled: true, freq_threshold: 100 });
    alerts.onTaskFinished(finished(KEYS));
    await alerts.idle();
    expect((await alerts.deliveries('cache')).records[0]).toMatchObject({
      status: 'failed',
      attempts: 2,
      last_error: 'request failed: ECONNREFUSED',
    });
  });

  it('records an alert without a webhook as not delivered, saying why', async () => {
    const alerts = service(undefined);
    await alerts.putRule('cache', { enabled: true, freq_threshold: 100 });
    alerts.onTaskFinished(finished(KEYS));
    await alerts.idle();
    expect((await alerts.rule('cache')).webhook_configured).toBe(false);
    expect(await alerts.deliveries('cache')).toMatchObject({
      webhook_configured: false,
      records: [{ status: 'failed', attempts: 0, last_error: NO_WEBHOOK }],
    });
  });

  it('stays quiet without a rule, with a disabled rule, below the threshold and for failed analyses', async () => {
    receiver = await startWebhookReceiver([200]);
    const alerts = service(receiver.url);
    alerts.onTaskFinished(finished(KEYS));
    await alerts.putRule('cache', { enabled: false, freq_threshold: 10 });
    alerts.onTaskFinished(finished(KEYS));
    await alerts.putRule('cache', { enabled: true, freq_threshold: 250 });
    alerts.onTaskFinished(finished(KEYS));
    await alerts.putRule('cache', { enabled: true, freq_threshold: 10, key_pattern: 'order:*' });
    alerts.onTaskFinished(finished(KEYS));
    await alerts.putRule('cache', { enabled: true, freq_threshold: 10 });
    alerts.onTaskFinished(finished([], { status: 'failed', keys: null, failure_reason: 'cancelled' }));
    await alerts.idle();
    expect(receiver.calls).toHaveLength(0);
    expect((await alerts.deliveries('cache')).records).toEqual([]);
  });

  it('never writes the webhook path or query to the log', async () => {
    receiver = await startWebhookReceiver([500, 200]);
    vi.stubEnv('HOTKEYS_LOG', '');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const alerts = service(`${receiver.url}/hooks/T000/B000/XXXX?token=s3cret`);
    await alerts.putRule('cache', { enabled: true, freq_threshold: 100 });
    alerts.onTaskFinished(finished(KEYS));
    await alerts.idle();
    const log = lines.join('');
    expect(log).toContain('alert delivered');
    expect(log).toContain(receiver.url);
    expect(log).not.toMatch(/XXXX|s3cret|hooks/);
  });
});
