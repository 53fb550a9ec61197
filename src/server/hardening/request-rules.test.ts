import { afterAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { taskListSchema } from '../../contract/hotkey-task';
import { apiClient } from '../../../test-support/api-client';
import { InMemorySource } from '../../../test-support/in-memory-source';
import { startInProcessBff } from '../../../test-support/in-process-bff';
import type { RawRequest } from '../../../test-support/raw-http';
import { expectApiHeaders, expectSecurityHeaders } from '../../../test-support/security-headers';

const JSON_RULES = { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' };

const sources = () => [new InMemorySource({ id: 'memory', instances: ['big', 'small'] })];
/** Generous start limit: the request-rule checks. */
const open = startInProcessBff({ startsPerMinute: 1000, sources: sources() });
/** Two starts a minute: the 429 checks. */
const limited = startInProcessBff({ startsPerMinute: 2, sources: sources() });

afterAll(async () => {
  await Promise.all([open.close(), limited.close()]);
});

const call = (request: RawRequest) => open.request(request);
const errorOf = (response: { json: unknown }) => errorBodySchema.parse(response.json);
const taskCount = async (instance: string) =>
  taskListSchema.parse((await call({ path: `/api/instances/${instance}/hotkey-tasks` })).json).count;

describe('state changes', () => {
  const STATE_CHANGES: [string, string, string][] = [
    ['POST', '/api/instances/small/hotkey-tasks', '{}'],
    ['PUT', '/api/instances/small/hotkey-autoscan', '{"enable_auto_scan":false,"schedule_at":[]}'],
    ['DELETE', '/api/instances/small/hotkey-tasks/00000000-0000-4000-8000-000000000000', ''],
    ['POST', '/api/instances/small/hotkey-tasks/00000000-0000-4000-8000-000000000000/cancel', ''],
    ['POST', '/api/session', '{"token":"x"}'],
  ];

  it('need a JSON content type (415)', async () => {
    for (const [method, path, body] of STATE_CHANGES) {
      for (const contentType of [
        undefined,
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/jsonx',
        'text/json',
      ]) {
        const headers: Record<string, string> = { 'x-requested-with': 'hotkeys' };
        if (contentType) headers['content-type'] = contentType;
        const response = await call({ method, path, headers, body });
        expect(`${method} ${path} ${contentType} -> ${response.status}`).toBe(
          `${method} ${path} ${contentType} -> 415`,
        );
        expect(errorOf(response).error_code).toBe('HOTKEYS.415');
        expectApiHeaders(response.headers, `${method} ${path}`);
      }
    }
    expect(await taskCount('small')).toBe(0);
  });

  it('need X-Requested-With (403)', async () => {
    for (const [method, path, body] of STATE_CHANGES) {
      const response = await call({ method, path, headers: { 'content-type': 'application/json' }, body });
      expect(`${method} ${path} -> ${response.status}`).toBe(`${method} ${path} -> 403`);
      expect(errorOf(response).error_msg).toMatch(/X-Requested-With/);
    }
    expect(await taskCount('small')).toBe(0);
  });

  it('refuse a cross-site Origin or Sec-Fetch-Site (403) and accept same-origin ones', async () => {
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `${open.url}.evil.example` },
      // the dashboard's own name on another port is another origin (and not on the allow-list)
      { origin: open.url.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`) },
      // forwarded-host headers are anyone's to send: they never vouch for an origin
      { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site', origin: open.url },
    ];
    for (const [method, path, body] of STATE_CHANGES) {
      for (const extra of crossSite) {
        const response = await call({ method, path, headers: { ...JSON_RULES, ...extra }, body });
        expect(`${method} ${path} ${JSON.stringify(extra)} -> ${response.status}`).toBe(
          `${method} ${path} ${JSON.stringify(extra)} -> 403`,
        );
        expect(errorOf(response).error_msg).toMatch(/cross-(site|origin) request refused/);
      }
    }
    expect(await taskCount('small')).toBe(0);
    const sameOrigin = await call({
      method: 'PUT',
      path: '/api/instances/small/hotkey-autoscan',
      headers: { ...JSON_RULES, origin: open.url, 'sec-fetch-site': 'same-origin' },
      body: '{"enable_auto_scan":false,"schedule_at":[]}',
    });
    expect(sameOrigin.status, sameOrigin.text).not.toBe(403);
    expect(sameOrigin.status).toBeLessThan(500);
  });

  it('refuse bodies over 16 KiB (413), with or without Content-Length', async () => {
    /** A JSON body of exactly `bytes` bytes. */
    const sized = (bytes: number) => {
      const head = '{"impact":"gentle","pad":"';
      return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
    };
    const path = '/api/instances/small/hotkey-tasks';
    const atLimit = await call({ method: 'POST', path, headers: JSON_RULES, body: sized(16 * 1024) });
    expect(atLimit.status, 'a 16 KiB body is read (and refused for its unknown field)').toBe(400);
    for (const headers of [JSON_RULES, { ...JSON_RULES, 'transfer-encoding': 'chunked' }]) {
      const response = await call({ method: 'POST', path, headers, body: sized(16 * 1024 + 1) });
      expect(response.status).toBe(413);
      expect(errorOf(response).error_code).toBe('HOTKEYS.413');
      expectApiHeaders(response.headers, '413');
    }
    const huge = await call({ method: 'POST', path, headers: JSON_RULES, body: Buffer.alloc(2 * 1024 * 1024, 0x20) });
    expect(huge.status).toBe(413);
    expect(await taskCount('small')).toBe(0);
  });
});

describe('analysis starts', () => {
  it('are limited per user: 429 with Retry-After after startsPerMinute starts', async () => {
    const api = apiClient(limited.url, limited.fetch);
    for (let i = 0; i < 2; i++) {
      const task = await api.startTask('small');
      expect((await api.waitForTask('small', task.id)).status).toBe('success');
    }
    const refused = await limited.request({
      method: 'POST',
      path: '/api/instances/small/hotkey-tasks',
      headers: JSON_RULES,
      body: '{}',
    });
    expect(refused.status).toBe(429);
    expect(errorOf(refused).error_code).toBe('HOTKEYS.429');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expectApiHeaders(refused.headers, '429');
    const list = taskListSchema.parse((await api.get('/api/instances/small/hotkey-tasks')).json);
    expect(list.count).toBe(2);
  });
});

describe('every response', () => {
  it('carries the security headers, and no-store on /api/', async () => {
    const requests: RawRequest[] = [
      { path: '/api/health' },
      { path: '/api/me' },
      { path: '/api/instances' },
      { path: '/api/instances/small' },
      { path: '/api/instances/nope' },
      { path: '/api/instances/small/hotkey-tasks?limit=x' },
      { path: '/api/no-such-route' },
      { method: 'POST', path: '/api/instances/small/hotkey-tasks', body: '{}' },
      { method: 'OPTIONS', path: '/api/instances' },
      { method: 'HEAD', path: '/api/health' },
    ];
    for (const request of requests) {
      const response = await call(request);
      expectApiHeaders(response.headers, `${request.method ?? 'GET'} ${request.path} (${response.status})`);
    }
    for (const path of ['/', '/instances/small', '/favicon.svg', '/nowhere']) {
      const response = await call({ path });
      expectSecurityHeaders(response.headers, `GET ${path} (${response.status})`);
    }
  });
});
