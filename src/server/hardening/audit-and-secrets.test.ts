import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTRACT_CREDENTIALS,
  CONTRACT_INSTANCES,
  type DcsContractServer,
  startDcsContractServer,
} from '../../../test-support/dcs-contract-server';
import { alertDeliveryListSchema } from '../../contract/hotkey-alerts';
import { isTerminal, taskSchema } from '../../contract/hotkey-task';
import { instanceListSchema } from '../../contract/instance-summary';
import { findFreePort } from '../local-redis/free-port';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { seedStandalone } from '../local-redis/seed-workload';
import { connect, disconnect, LFU_TEST_ARGS } from '../../../test-support/lfu-keyspace';
import { rawRequest, type RawRequest, type RawResponse } from '../../../test-support/raw-http';
import { type SpawnedBff, startBff } from '../../../test-support/spawn-bff';

/**
 * One BFF process run end to end as operators run it: token sign-in, password-protected Redis servers
 * (one reached with a wrong password), DCS with right and wrong AK/SK, a webhook whose URL holds a token. Every state change leaves one
 * audit line; no configured secret ever shows in a response, a header or a log line.
 */

const SECRETS = {
  ALICE_TOKEN: 'alice-operator-token-Qm3vX9',
  BOB_TOKEN: 'bob-viewer-token-Lk82PzWe0',
  REDIS_PASSWORD: 'redis-env-password-Hy67Tg',
  WRONG_REDIS_PASSWORD: 'wrong-env-password-Ze41Ka',
  DCS_AK: CONTRACT_CREDENTIALS.ak,
  DCS_SK: CONTRACT_CREDENTIALS.sk,
  WRONG_DCS_AK: 'WRONGAKM3N8B2V7C1X6Z',
  WRONG_DCS_SK: 'wrong-dcs-sk-Pq40Ws8Ur',
};
const DCS_INSTANCE = CONTRACT_INSTANCES.haEligible.id;
const INLINE_PASSWORD = 'redis-inline-password-Rt55Mn';
const URL_PASSWORD = 'wrong-url-password-Bx19Cv';
const HOOK_TOKEN = 'hook-token-Wd28Fq';
const ALL_SECRETS = [...Object.values(SECRETS), INLINE_PASSWORD, URL_PASSWORD, HOOK_TOKEN];

const RULES = { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' };
const ALICE = { ...RULES, authorization: `Bearer ${SECRETS.ALICE_TOKEN}` };
const BOB = { ...RULES, authorization: `Bearer ${SECRETS.BOB_TOKEN}` };

let envServer: RedisServerProcess;
let inlineServer: RedisServerProcess;
let dcs: DcsContractServer;
let dir: string;
let bff: SpawnedBff;
const responses: RawResponse[] = [];

/** What the audit log must show for one state change. */
interface ExpectedAudit {
  user: string;
  role: string;
  action: string;
  instance?: string;
  task?: string;
  result: string;
}
const expectedAudit: ExpectedAudit[] = [];

beforeAll(async () => {
  [envServer, inlineServer, dcs] = await Promise.all([
    startRedisServer({ args: LFU_TEST_ARGS }),
    startRedisServer({ args: LFU_TEST_ARGS }),
    startDcsContractServer(),
  ]);
  const seed = { coldKeys: 100, warmKeys: 3, hottestHits: 500 };
  await Promise.all([seedStandalone(envServer.url, 1, seed), seedStandalone(inlineServer.url, 1, seed)]);
  // The harness waits for an unauthenticated PING, so the password comes once the server is up.
  await Promise.all([
    requirePassword(envServer.url, SECRETS.REDIS_PASSWORD),
    requirePassword(inlineServer.url, INLINE_PASSWORD),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-audit-'));
  // Nothing listens there: every delivery fails, and the failure is what must not leak the URL.
  const hookPort = await findFreePort();
  bff = await startBff({
    dir,
    config: {
      auth: {
        mode: 'token',
        tokens: [
          { user: 'alice', role: 'operator', tokenEnv: 'ALICE_TOKEN' },
          { user: 'bob', role: 'viewer', tokenEnv: 'BOB_TOKEN' },
        ],
      },
      alerts: { webhookUrlEnv: 'HOOK_URL', maxAttempts: 1, timeoutMs: 1000 },
      sources: [
        { kind: 'redis', id: 'secured', name: 'Env password', url: envServer.url, passwordEnv: 'REDIS_PASSWORD' },
        { kind: 'redis', id: 'inline', name: 'Inline password', url: inlineServer.url, password: INLINE_PASSWORD },
        { kind: 'redis', id: 'wrongpass', name: 'Wrong', url: envServer.url, passwordEnv: 'WRONG_REDIS_PASSWORD' },
        {
          kind: 'redis',
          id: 'urlcreds',
          name: 'Wrong URL password',
          url: envServer.url.replace('//', `//default:${URL_PASSWORD}@`),
        },
        ...(['DCS', 'WRONG_DCS'] as const).map((prefix) => ({
          kind: 'dcs' as const,
          id: prefix === 'DCS' ? 'cloud' : 'cloud-wrong-keys',
          name: prefix,
          endpoint: dcs.url,
          projectId: dcs.projectId,
          auth: { method: 'aksk' as const, akEnv: `${prefix}_AK`, skEnv: `${prefix}_SK` },
        })),
      ],
    },
    env: { ...SECRETS, HOOK_URL: `http://127.0.0.1:${hookPort}/hooks/${HOOK_TOKEN}?token=${HOOK_TOKEN}` },
  });
}, 60_000);

afterAll(async () => {
  await bff?.stop();
  await Promise.all([envServer?.stop(), inlineServer?.stop(), dcs?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function requirePassword(url: string, password: string): Promise<void> {
  const client = await connect(url);
  await client.configSet('requirepass', password);
  disconnect(client);
}

/** Every response of the run is kept for the secrets check. */
async function call(request: RawRequest): Promise<RawResponse> {
  const response = await rawRequest(bff.url, request);
  responses.push(response);
  return response;
}

/** A state change, and the audit line it must leave. */
async function change(
  who: 'alice' | 'bob',
  request: RawRequest,
  expected: Omit<ExpectedAudit, 'user' | 'role' | 'task'> & { status: number },
): Promise<RawResponse> {
  const response = await call({ ...request, headers: who === 'alice' ? ALICE : BOB });
  expect(response.status, `${request.method} ${request.path}: ${response.text}`).toBe(expected.status);
  const task = (response.json as { id?: string } | undefined)?.id ?? /hotkey-tasks\/([^/]+)/.exec(request.path)?.[1];
  expectedAudit.push({
    user: who,
    role: who === 'alice' ? 'operator' : 'viewer',
    action: expected.action,
    instance: expected.instance,
    ...(task ? { task } : {}),
    result: expected.result,
  });
  return response;
}

async function waitForTask(instance: string, id: string) {
  for (;;) {
    const task = taskSchema.parse(
      (await call({ path: `/api/instances/${instance}/hotkey-tasks/${id}`, headers: BOB })).json,
    );
    if (isTerminal(task.status)) return task;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const CREATE = 'POST /api/instances/:id/hotkey-tasks';

describe('a BFF run with secrets configured', () => {
  it('signs in with the right token only, echoing nothing of what was sent', async () => {
    for (const token of [`${SECRETS.ALICE_TOKEN}-almost`, SECRETS.ALICE_TOKEN.slice(1), SECRETS.REDIS_PASSWORD]) {
      const refused = await call({
        method: 'POST',
        path: '/api/session',
        headers: RULES,
        body: JSON.stringify({ token }),
      });
      expect(refused.status).toBe(401);
    }
    const wrongBearer = await call({
      path: '/api/instances',
      headers: { authorization: `Bearer ${SECRETS.BOB_TOKEN}!` },
    });
    expect(wrongBearer.status).toBe(401);
    const signedIn = await call({
      method: 'POST',
      path: '/api/session',
      headers: RULES,
      body: JSON.stringify({ token: SECRETS.BOB_TOKEN }),
    });
    expect(signedIn.status).toBe(200);
    await bff.waitForLog((l) => l.msg === 'audit' && l.action === 'sign-in' && l.result === 'ok');
    const signIns = bff.logLines().filter((l) => l.msg === 'audit' && l.action === 'sign-in');
    expect(signIns.map((l) => [l.user, l.result])).toEqual([
      [undefined, 'refused 401'],
      [undefined, 'refused 401'],
      [undefined, 'refused 401'],
      ['bob', 'ok'],
    ]);
    // Every refusal names the caller's address, never the token tried.
    const bearers = bff.logLines().filter((l) => l.msg === 'audit' && l.action === 'bearer token');
    expect(bearers.map((l) => [l.result, l.address])).toEqual([['refused 401', '127.0.0.1']]);
    for (const line of [...signIns, ...bearers]) {
      expect(line.address).toBe('127.0.0.1');
      expect(JSON.stringify(line)).not.toContain(SECRETS.BOB_TOKEN);
    }
  });

  it('shows a server reached with a wrong password as UNREACHABLE with a reason, and the others as running', async () => {
    const { instances } = instanceListSchema.parse((await call({ path: '/api/instances', headers: BOB })).json);
    const byId = Object.fromEntries(instances.map((i) => [i.id, i]));
    expect(byId.secured?.status).toBe('RUNNING');
    expect(byId.inline?.status).toBe('RUNNING');
    expect(byId[DCS_INSTANCE]?.source.id).toBe('cloud');
    const { source_errors } = instanceListSchema.parse((await call({ path: '/api/instances', headers: BOB })).json);
    expect(source_errors.map((e) => e.source.id)).toEqual(['cloud-wrong-keys']);
    for (const id of ['wrongpass', 'urlcreds']) {
      expect(byId[id]?.status, id).toBe('UNREACHABLE');
      expect(byId[id]?.eligibility.reason, id).toMatch(/WRONGPASS|invalid username-password|auth/i);
    }
  });

  it('writes one audit line per state change: who, role, what, instance, task, result', async () => {
    await change(
      'alice',
      { method: 'PUT', path: '/api/instances/secured/hotkey-alert-rule', body: '{"enabled":true,"freq_threshold":0}' },
      { action: 'PUT /api/instances/:id/hotkey-alert-rule', instance: 'secured', result: 'ok', status: 200 },
    );
    const started = await change(
      'alice',
      { method: 'POST', path: '/api/instances/secured/hotkey-tasks', body: '{"impact":"fast"}' },
      { action: CREATE, instance: 'secured', result: 'ok', status: 200 },
    );
    const taskId = taskSchema.parse(started.json).id;
    expect((await waitForTask('secured', taskId)).status).toBe('success');
    await change(
      'bob',
      { method: 'POST', path: '/api/instances/secured/hotkey-tasks', body: '{}' },
      { action: CREATE, instance: 'secured', result: 'refused 403', status: 403 },
    );
    const unreachable = await change(
      'alice',
      { method: 'POST', path: '/api/instances/wrongpass/hotkey-tasks', body: '{}' },
      { action: CREATE, instance: 'wrongpass', result: 'refused 503', status: 503 },
    );
    expect(String((unreachable.json as { error_msg: string }).error_msg)).toMatch(/unreachable/);
    await change(
      'alice',
      { method: 'POST', path: '/api/instances/inline/hotkey-tasks', body: '{"impact":"reckless"}' },
      { action: CREATE, instance: 'inline', result: 'refused 400', status: 400 },
    );
    const inline = await change(
      'alice',
      { method: 'POST', path: '/api/instances/inline/hotkey-tasks', body: '{"impact":"fast"}' },
      { action: CREATE, instance: 'inline', result: 'ok', status: 200 },
    );
    const inlineTask = taskSchema.parse(inline.json).id;
    expect((await waitForTask('inline', inlineTask)).status).toBe('success');
    await change(
      'bob',
      { method: 'DELETE', path: `/api/instances/inline/hotkey-tasks/${inlineTask}` },
      {
        action: 'DELETE /api/instances/:id/hotkey-tasks/:taskId',
        instance: 'inline',
        result: 'refused 403',
        status: 403,
      },
    );
    await change(
      'alice',
      { method: 'DELETE', path: `/api/instances/inline/hotkey-tasks/${inlineTask}` },
      { action: 'DELETE /api/instances/:id/hotkey-tasks/:taskId', instance: 'inline', result: 'ok', status: 200 },
    );
    await change(
      'alice',
      { method: 'DELETE', path: `/api/instances/inline/hotkey-tasks/${inlineTask}` },
      {
        action: 'DELETE /api/instances/:id/hotkey-tasks/:taskId',
        instance: 'inline',
        result: 'refused 404',
        status: 404,
      },
    );
    await change(
      'alice',
      { method: 'POST', path: `/api/instances/${DCS_INSTANCE}/hotkey-tasks`, body: '{}' },
      { action: CREATE, instance: DCS_INSTANCE, result: 'ok', status: 200 },
    );
    await change(
      'alice',
      {
        method: 'PUT',
        path: '/api/instances/secured/hotkey-autoscan',
        body: '{"enable_auto_scan":false,"schedule_at":[]}',
      },
      { action: 'PUT /api/instances/:id/hotkey-autoscan', instance: 'secured', result: 'ok', status: 200 },
    );

    // Token checks (sign-ins, Bearer headers) are audited too; the test above reads those.
    const audit = () =>
      bff.logLines().filter((l) => l.msg === 'audit' && l.action !== 'sign-in' && l.action !== 'bearer token');
    const deadline = Date.now() + 10_000;
    while (audit().length < expectedAudit.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const lines = audit();
    expect(
      lines.map(({ user, role, action, instance, task, result }) => ({
        user,
        role,
        action,
        instance,
        ...(task ? { task } : {}),
        result,
      })),
    ).toEqual(expectedAudit);
    for (const line of lines) expect(typeof line.time).toBe('string');
  });

  it('reads nothing into the audit log from requests that change nothing', async () => {
    const before = bff.logLines().filter((l) => l.msg === 'audit').length;
    for (const path of ['/api/me', '/api/instances', '/api/instances/secured/hotkey-tasks', '/api/health']) {
      expect((await call({ path, headers: BOB })).status).toBe(200);
    }
    expect(bff.logLines().filter((l) => l.msg === 'audit')).toHaveLength(before);
  });

  it('records a failed webhook delivery without its URL', async () => {
    await bff.waitForLog((l) => l.msg === 'alert delivery failed');
    const deliveries = alertDeliveryListSchema.parse(
      (await call({ path: '/api/instances/secured/hotkey-alerts', headers: BOB })).json,
    );
    expect(deliveries.records[0]?.status).toBe('failed');
    expect(deliveries.records[0]?.last_error).toBeTruthy();
  });

  it('answers health without authentication, addresses or credentials', async () => {
    const health = await call({ path: '/api/health' });
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: 'degraded' });
    expect(health.text).not.toMatch(/127\.0\.0\.1|localhost|:\d{2,5}\b|redis:\/\//);
    for (const server of [envServer, inlineServer]) expect(health.text).not.toContain(String(server.port));
  });

  it('never showed a configured secret in a response, a header or a log line', async () => {
    await bff.stop();
    const logs = bff.stdout() + bff.stderr();
    expect(logs).toContain('"msg":"audit"');
    expect(responses.length).toBeGreaterThan(20);
    for (const secret of ALL_SECRETS) {
      expect(logs.includes(secret), `${secret} in the BFF's output`).toBe(false);
      for (const response of responses) {
        expect(JSON.stringify(response.headers).includes(secret), `${secret} in headers`).toBe(false);
        expect(response.text.includes(secret), `${secret} in ${response.text.slice(0, 200)}`).toBe(false);
      }
    }
  });
});
