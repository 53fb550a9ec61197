import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { autoscanConfigSchema, scheduleRunListSchema } from '../../contract/autoscan';
import { createTaskRequestSchema, taskListSchema, taskSchema } from '../../contract/hotkey-task';
import { alertDeliveryListSchema, alertRuleSchema } from '../../contract/hotkey-alerts';
import { instanceListSchema, instanceSummarySchema } from '../../contract/instance-summary';
import { meSchema, sessionInfoSchema, signOutSchema } from '../../contract/session';
import {
  DCS_INSTANCE,
  expectHeadersFor,
  expectJsonRefusal,
  HOSTILE_IDS,
  HOSTILE_REQUESTS,
  INSTANCE,
  KNOWN_TASK,
  MALFORMED_FOR_UNKNOWN_DCS,
  normalise,
  REFUSALS,
  routesForInstance,
  RULES,
  UNKNOWN_DCS,
} from '../../../test-support/hostile-requests';
import { InMemorySource } from '../../../test-support/in-memory-source';
import { type InProcessBff, startInProcessBff } from '../../../test-support/in-process-bff';
import type { RawRequest, RawResponse } from '../../../test-support/raw-http';
import { expectSecurityHeaders } from '../../../test-support/security-headers';

/**
 * Whatever a client sends, the BFF answers a 4xx JSON error or a valid success, never a 5xx, and an
 * invalid request never reaches a source: the sources count every call made to them. The app answers in
 * process; what only a socket can send is in hostile-bytes.test.ts.
 */

const redis = new InMemorySource({ id: 'self-managed', instances: [INSTANCE] });
const cloud = new InMemorySource({ id: 'cloud', kind: 'dcs', instances: [DCS_INSTANCE] });
let dir: string;
let bff: InProcessBff;
/** Calls that reach Redis before the hostile requests. */
let before: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-hostile-'));
  const staticDir = join(dir, 'web');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>spa</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'OUTSIDE-THE-STATIC-ROOT');
  bff = startInProcessBff({ sources: [redis, cloud], staticDir });
  const { instances } = instanceListSchema.parse((await call({ path: '/api/instances' })).json);
  expect(instances.map((i) => i.id)).toEqual(expect.arrayContaining([INSTANCE, DCS_INSTANCE]));
  before = redis.callCount('listInstances', 'getInstance', 'createTask');
});

afterAll(async () => {
  await bff?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sourceCalls = () => redis.callCount() + cloud.callCount();

/** One request; a refusal must have reached no source at all. */
async function call(request: RawRequest): Promise<RawResponse> {
  const callsBefore = sourceCalls();
  const response = await bff.request(request);
  if (REFUSALS.has(response.status)) {
    expect(sourceCalls() - callsBefore, `source calls for ${request.method} ${request.path.slice(0, 120)}`).toBe(0);
  }
  return response;
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

  it('asks a source about an unknown id only for a well-formed request', async () => {
    const cloud = new InMemorySource({ id: 'cloud', kind: 'dcs', instances: [DCS_INSTANCE] });
    const cloudOnly = startInProcessBff({ sources: [cloud] });
    try {
      for (const request of MALFORMED_FOR_UNKNOWN_DCS) {
        const response = await cloudOnly.request({ ...request, headers: RULES });
        expect(`${request.method} ${request.path} -> ${response.status}`).toBe(
          `${request.method} ${request.path} -> 400`,
        );
        expect(cloud.callCount(), `source calls for ${request.method} ${request.path}`).toBe(0);
      }
      const wellFormed = await cloudOnly.request({ path: `/api/instances/${UNKNOWN_DCS}/hotkey-tasks` });
      expect(wellFormed.status).toBe(404);
      expect(cloud.callCount('ownsInstance'), 'a well-formed request for an unknown id does ask').toBeGreaterThan(0);
    } finally {
      await cloudOnly.close();
    }
  });

  it('asked the redis source nothing it answers from the server, for any of them, and still answers', async () => {
    // What a redis source reads from Redis; tasks, schedules and ownership come from its store and configuration.
    expect(redis.callCount('listInstances', 'getInstance', 'createTask') - before, 'calls that reach Redis').toBe(0);
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
