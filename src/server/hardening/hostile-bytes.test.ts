import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { instanceListSchema } from '../../contract/instance-summary';
import { parseConfig } from '../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import {
  CONTRACT_CREDENTIALS,
  type DcsContractServer,
  startDcsContractServer,
} from '../../../test-support/dcs-contract-server';
import {
  DCS_INSTANCE,
  expectJsonRefusal,
  FETCH_FORBIDDEN_METHODS,
  INSTANCE,
  RAW_BACKSLASH_PATHS,
  REFUSALS,
  RULES,
  UNPARSABLE_REQUESTS,
} from '../../../test-support/hostile-requests';
import { connect, disconnect, LFU_TEST_ARGS, type TestClient } from '../../../test-support/lfu-keyspace';
import { rawBytes, rawRequest, type RawRequest, type RawResponse } from '../../../test-support/raw-http';
import { expectApiHeaders, expectSecurityHeaders } from '../../../test-support/security-headers';

/**
 * What only a socket can send a listening BFF: bytes Node's HTTP parser refuses, raw backslashes its HTTP
 * adapter refuses, methods fetch cannot carry. Each gets the BFF's JSON error and headers, and none reaches
 * Redis or DCS: the Redis server's own counters and the DCS contract server's request log prove it.
 */

let redis: RedisServerProcess;
let dcs: DcsContractServer;
let counterClient: TestClient;
let dir: string;
let dashboard: RunningDashboard;
let before: RedisCounters;

interface RedisCounters {
  connections: number;
  commands: number;
}

/** The server's own counters, less the INFO that reads them. */
async function redisCounters(): Promise<RedisCounters> {
  const info = await counterClient.info('stats');
  const read = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(info)?.[1]);
  return { connections: read('total_connections_received'), commands: read('total_commands_processed') };
}

beforeAll(async () => {
  [redis, dcs] = await Promise.all([startRedisServer({ args: LFU_TEST_ARGS }), startDcsContractServer()]);
  counterClient = await connect(redis.url);
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-hostile-bytes-'));
  const staticDir = join(dir, 'web');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>spa</title>');
  writeFileSync(join(dir, 'secret.txt'), 'OUTSIDE-THE-STATIC-ROOT');
  dashboard = await startDashboard({
    config: parseConfig(
      {
        sources: [
          { kind: 'redis', id: INSTANCE, name: 'S', url: redis.url },
          {
            kind: 'dcs',
            id: 'cloud',
            name: 'Cloud',
            endpoint: dcs.url,
            projectId: dcs.projectId,
            auth: { method: 'aksk', akEnv: 'DCS_AK', skEnv: 'DCS_SK' },
          },
        ],
      },
      'test',
    ),
    dataDir: join(dir, 'data'),
    host: '127.0.0.1',
    port: 0,
    staticDir,
    env: { DCS_AK: CONTRACT_CREDENTIALS.ak, DCS_SK: CONTRACT_CREDENTIALS.sk },
  });
  // Both sources know their instances now; the Redis summary cache is then left to expire: nothing
  // below may ask Redis anything.
  const { instances } = instanceListSchema.parse((await call({ path: '/api/instances' })).json);
  expect(instances.map((i) => i.id)).toEqual(expect.arrayContaining([INSTANCE, DCS_INSTANCE]));
  before = await redisCounters();
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
  disconnect(counterClient);
  await Promise.all([redis?.stop(), dcs?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const dcsCalls = () => dcs.control.calls() + dcs.control.iamCalls();

/** One request; a refusal must have left the DCS contract server's request count where it was. */
async function call(request: RawRequest): Promise<RawResponse> {
  const dcsBefore = dcsCalls();
  const response = await rawRequest(dashboard.url, request);
  if (REFUSALS.has(response.status)) {
    expect(dcsCalls() - dcsBefore, `DCS calls for ${request.method} ${request.path.slice(0, 120)}`).toBe(0);
  }
  return response;
}

describe('hostile bytes', () => {
  it('refuses a raw backslash in the path with a JSON 400 and the security headers', async () => {
    for (const path of RAW_BACKSLASH_PATHS) {
      const response = await call({ path });
      expect(response.status, path).toBe(400);
      expectSecurityHeaders(response.headers, path);
      expect(errorBodySchema.safeParse(response.json).success, `${path}: ${response.text}`).toBe(true);
    }
  });

  it("answers what Node's HTTP parser refuses with the same JSON error and headers", async () => {
    for (const [bytes, status] of UNPARSABLE_REQUESTS) {
      const what = JSON.stringify(bytes.slice(0, 60));
      const response = await rawBytes(dashboard.url, bytes);
      expect(response.status, what).toBe(status);
      expect(errorBodySchema.safeParse(response.json).success, `${what}: ${response.text}`).toBe(true);
      expectApiHeaders(response.headers, what);
    }
    expect((await call({ path: '/api/me' })).status).toBe(200);
  });

  it('answers a body cut short by the client with a 400, counted as one and not as a 500', async () => {
    const status500 = async () =>
      (
        (await call({ path: '/metrics' })).text.match(
          /^hotkeys_http_requests_total\{[^}]*status="5\d\d"[^}]*\} \d+/gm,
        ) ?? []
      ).length;
    const head = [
      `POST /api/instances/${INSTANCE}/hotkey-tasks HTTP/1.1`,
      `Host: ${new URL(dashboard.url).host}`,
      'Content-Type: application/json',
      'X-Requested-With: hotkeys',
      'Content-Length: 100',
    ].join('\r\n');
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await rawBytes(dashboard.url, `${head}\r\n\r\n{"impact"`);
      expect(response.status).toBe(400);
      expect(errorBodySchema.safeParse(response.json).success, response.text).toBe(true);
    }
    // The route's own answer to the cut body is counted when the handler returns, a moment after the client's.
    await expect
      .poll(async () => (await call({ path: '/metrics' })).text)
      .toMatch(
        /hotkeys_http_requests_total\{[^}]*route="\/api\/instances\/:id\/hotkey-tasks"[^}]*status="400"[^}]*\} [1-9]/,
      );
    expect(await status500()).toBe(0);
  });

  it('refuses methods fetch cannot send with 4xx JSON', async () => {
    for (const request of FETCH_FORBIDDEN_METHODS) {
      const withRules = { ...request, headers: { ...RULES, ...request.headers } };
      expectJsonRefusal(withRules, await call(withRules));
    }
  });

  it('made no Redis call for any of them (and no DCS call for any refusal), and still answers', async () => {
    const after = await redisCounters();
    expect(after.connections - before.connections, 'new connections to Redis').toBe(0);
    expect(after.commands - before.commands, 'commands beyond the INFO reading the counters').toBe(1);
    expect((await call({ path: '/api/health' })).status).toBe(200);
  });
});
