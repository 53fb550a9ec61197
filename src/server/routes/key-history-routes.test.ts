import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { keyHistorySchema } from '../../contract/key-history';
import { parseConfig } from '../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { rawRequest } from '../../../test-support/raw-http';

/** A key is asked for by what it is: UTF-8 text, or a binary name as redis-cli escapes it; nothing else is guessed. */
let redis: RedisServerProcess;
let dataDir: string;
let dashboard: RunningDashboard;

beforeAll(async () => {
  redis = await startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lfu'] });
  dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-key-history-'));
  const config = parseConfig({ sources: [{ kind: 'redis', id: 'cache', name: 'Cache', url: redis.url }] }, 'test');
  dashboard = await startDashboard({ config, dataDir, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await dashboard?.close();
  await redis?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Sent as written: fetch would re-encode a stray `%`. */
const history = (query: string) => rawRequest(dashboard.url, { path: `/api/instances/cache/key-history?${query}` });

describe('GET /api/instances/:id/key-history', () => {
  it('refuses percent-escapes that are not UTF-8 instead of looking up their raw text', async () => {
    for (const query of ['db=0&key=%ff', 'db=0&key=%E0%A4%A', 'db=0&key=a%', 'db=0%ff&key=a']) {
      const response = await history(query);
      expect(response.status, query).toBe(400);
      expect(errorBodySchema.parse(response.json).error_msg, query).toMatch(/not percent-encoded UTF-8/);
    }
  });

  it('refuses a binary name that is not a redis-cli escape', async () => {
    for (const key of ['\\xzz', 'abc\\', '\\q', 'quote"d', 'caf\u00e9', 'tab\there']) {
      const response = await history(`db=0&encoding=binary&key=${encodeURIComponent(key)}`);
      expect(response.status, key).toBe(400);
      expect(errorBodySchema.parse(response.json).error_msg, key).toMatch(/binary name is written as redis-cli/);
    }
  });

  it('answers for UTF-8 names and well-formed binary names', async () => {
    for (const query of [
      `db=0&key=${encodeURIComponent('café:☕')}`,
      'db=0&key=%5Cxff',
      `db=0&encoding=binary&key=${encodeURIComponent('\\xff\\x00a\\\\b\\"c\\n')}`,
      'db=0&key=',
    ]) {
      const response = await history(query);
      expect(response.status, `${query}: ${response.text}`).toBe(200);
      expect(keyHistorySchema.parse(response.json).points).toEqual([]);
    }
  });
});
