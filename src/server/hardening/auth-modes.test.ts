import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { meSchema } from '../../contract/session';
import type { ConfigInput } from '../config/config-schema';
import { parseConfig } from '../config/load-config';
import { startDashboard } from '../start-dashboard';
import { type InProcessBff, startInProcessBff } from '../../../test-support/in-process-bff';
import type { RawRequest } from '../../../test-support/raw-http';
import { bffStartUpFailure } from '../../../test-support/spawn-bff';

const TOKENS = { ALICE_TOKEN: 'alice-operator-token-0123456789', BOB_TOKEN: 'bob-viewer-token-0123456789abc' };
const TOKEN_AUTH: ConfigInput['auth'] = {
  mode: 'token',
  tokens: [
    { user: 'alice', role: 'operator', tokenEnv: 'ALICE_TOKEN' },
    { user: 'bob', role: 'viewer', tokenEnv: 'BOB_TOKEN' },
  ],
  sessionHours: 12,
};
const PROXY_AUTH: ConfigInput['auth'] = { mode: 'proxy', trustedProxies: ['127.0.0.2/32'], operatorGroups: ['sre'] };
const STATE_CHANGE = { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' };
/** A route that needs an operator and, for an operator, answers 404: no instances are configured here. */
const START = '/api/instances/some-instance/hotkey-tasks';

let dir: string;
const dashboards: InProcessBff[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-auth-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(dashboards.splice(0).map((d) => d.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A dashboard without sources: these tests are about who gets in, not about Redis. */
function dashboard(auth: ConfigInput['auth'], host = '127.0.0.1') {
  const staticDir = join(dir, `web-${dashboards.length}`);
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>spa</title>');
  const running = startInProcessBff({ auth, host, env: TOKENS, staticDir });
  dashboards.push(running);
  return (request: RawRequest) => running.request(request);
}

const expectJsonError = (response: { status: number; json: unknown }, status: number) => {
  expect(response.status).toBe(status);
  expect(errorBodySchema.parse(response.json).error_code).toBe(`HOTKEYS.${status}`);
};

const signIn = (call: ReturnType<typeof dashboard>, token: string) =>
  call({ method: 'POST', path: '/api/session', headers: STATE_CHANGE, body: JSON.stringify({ token }) });

const sessionCookieOf = (setCookie: string | string[] | undefined): string => {
  const header = [setCookie ?? []].flat().find((c) => c.startsWith('hotkeys_session='));
  if (!header) throw new Error(`no session cookie in ${String(setCookie)}`);
  return header;
};

describe('auth mode none', () => {
  it('refuses to start on a non-loopback HOST, saying why', async () => {
    const config = parseConfig({ sources: [] }, 'test');
    await expect(startDashboard({ config, dataDir: join(dir, 'none'), host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /auth mode "none".*loopback HOST; HOST is 0\.0\.0\.0/,
    );
    const run = await bffStartUpFailure({ dir, config: { sources: [] }, host: '0.0.0.0' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^hotkeys: auth mode "none" makes everyone an operator.*HOST is 0\.0\.0\.0/);
  });

  it('makes the local user an operator on loopback', async () => {
    const call = dashboard({ mode: 'none' });
    expect(meSchema.parse((await call({ path: '/api/me' })).json)).toEqual({
      user: 'local',
      role: 'operator',
      auth_mode: 'none',
    });
  });
});

describe('auth mode token', () => {
  it('exchanges a token for a Secure, HttpOnly, SameSite=Lax session cookie off loopback', async () => {
    const call = dashboard(TOKEN_AUTH, '0.0.0.0');
    const response = await signIn(call, TOKENS.ALICE_TOKEN);
    expect(response.status).toBe(200);
    expect(meSchema.parse(response.json)).toEqual({ user: 'alice', role: 'operator', auth_mode: 'token' });
    const cookie = sessionCookieOf(response.headers['set-cookie']);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie, 'the cookie carries a session id, never the token').not.toContain(TOKENS.ALICE_TOKEN);
  });

  it('omits Secure only on a loopback HOST (plain http)', async () => {
    const call = dashboard(TOKEN_AUTH);
    const cookie = sessionCookieOf((await signIn(call, TOKENS.BOB_TOKEN)).headers['set-cookie']);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('sets Secure on a loopback HOST when a proxy reports the client came over https', async () => {
    const call = dashboard(TOKEN_AUTH);
    const response = await call({
      method: 'POST',
      path: '/api/session',
      headers: { ...STATE_CHANGE, 'x-forwarded-proto': 'https, http' },
      body: JSON.stringify({ token: TOKENS.BOB_TOKEN }),
    });
    expect(sessionCookieOf(response.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('admits a session cookie or a bearer token, and refuses everything else with 401 JSON', async () => {
    const call = dashboard(TOKEN_AUTH);
    const cookie = sessionCookieOf((await signIn(call, TOKENS.BOB_TOKEN)).headers['set-cookie']).split(';')[0]!;
    const me = (headers: Record<string, string>) => call({ path: '/api/me', headers });
    expect(meSchema.parse((await me({ cookie })).json)).toMatchObject({ user: 'bob', role: 'viewer' });
    expect(meSchema.parse((await me({ authorization: `Bearer ${TOKENS.ALICE_TOKEN}` })).json)).toMatchObject({
      user: 'alice',
      role: 'operator',
    });
    expectJsonError(await signIn(call, 'not-the-token-0123456789'), 401);
    expectJsonError(await signIn(call, TOKENS.ALICE_TOKEN.toUpperCase()), 401);
    expectJsonError(await me({}), 401);
    expectJsonError(await me({ authorization: `Bearer ${TOKENS.ALICE_TOKEN}x` }), 401);
    expectJsonError(
      await me({ authorization: `Basic ${Buffer.from(`alice:${TOKENS.ALICE_TOKEN}`).toString('base64')}` }),
      401,
    );
    expectJsonError(await me({ cookie: 'hotkeys_session=forged-session-id' }), 401);
    expectJsonError(await call({ path: '/api/instances' }), 401);
    expect((await call({ path: '/api/health' })).status, 'health stays public').toBe(200);
    expect((await call({ path: '/api/session' })).json, 'so does how to sign in').toEqual({ auth_mode: 'token' });
  });

  it('lets operators start analyses and refuses viewers with 403', async () => {
    const call = dashboard(TOKEN_AUTH);
    const start = (token: string) =>
      call({ method: 'POST', path: START, headers: { ...STATE_CHANGE, authorization: `Bearer ${token}` }, body: '{}' });
    const refused = await start(TOKENS.BOB_TOKEN);
    expectJsonError(refused, 403);
    expect(errorBodySchema.parse(refused.json).error_msg).toMatch(/bob is a viewer: only operators may start/);
    expectJsonError(await start(TOKENS.ALICE_TOKEN), 404);
  });

  it('answers 401 JSON once the session has expired, and after sign-out', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const call = dashboard(TOKEN_AUTH);
    const cookie = sessionCookieOf((await signIn(call, TOKENS.ALICE_TOKEN)).headers['set-cookie']).split(';')[0]!;
    vi.setSystemTime(Date.now() + 12 * 3600_000 - 1000);
    expect((await call({ path: '/api/instances', headers: { cookie } })).status).toBe(200);
    vi.setSystemTime(Date.now() + 1000);
    const expired = await call({ path: '/api/instances', headers: { cookie } });
    expectJsonError(expired, 401);
    expect(errorBodySchema.parse(expired.json).error_msg).toMatch(/expired/);

    const fresh = sessionCookieOf((await signIn(call, TOKENS.ALICE_TOKEN)).headers['set-cookie']).split(';')[0]!;
    const signOut = await call({ method: 'DELETE', path: '/api/session', headers: { ...STATE_CHANGE, cookie: fresh } });
    expect(signOut.status).toBe(200);
    expect(sessionCookieOf(signOut.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expectJsonError(await call({ path: '/api/me', headers: { cookie: fresh } }), 401);
  });
});

describe('auth mode proxy', () => {
  const SRE = {
    'x-forwarded-user': 'carol',
    'x-forwarded-email': 'carol@example.org',
    'x-forwarded-groups': 'dev,sre',
  };
  const SUPPORT = { 'x-forwarded-user': 'dave', 'x-forwarded-groups': 'support' };

  it('takes the identity from the trusted proxy address: operator groups operate, others view', async () => {
    const call = dashboard(PROXY_AUTH);
    const viaProxy = (request: RawRequest) => call({ ...request, localAddress: '127.0.0.2' });
    expect(meSchema.parse((await viaProxy({ path: '/api/me', headers: SRE })).json)).toEqual({
      user: 'carol',
      role: 'operator',
      auth_mode: 'proxy',
    });
    expect(meSchema.parse((await viaProxy({ path: '/api/me', headers: SUPPORT })).json)).toMatchObject({
      user: 'dave',
      role: 'viewer',
    });
    const start = (identity: Record<string, string>) =>
      viaProxy({ method: 'POST', path: START, headers: { ...STATE_CHANGE, ...identity }, body: '{}' });
    expectJsonError(await start(SUPPORT), 403);
    expectJsonError(await start(SRE), 404);
    expectJsonError(await viaProxy({ path: '/api/me' }), 401);
  });

  it('ignores identity headers from any other address (401)', async () => {
    const call = dashboard(PROXY_AUTH);
    for (const localAddress of ['127.0.0.1', '127.0.0.3']) {
      expectJsonError(await call({ path: '/api/me', headers: SRE, localAddress }), 401);
      expectJsonError(
        await call({ method: 'POST', path: START, headers: { ...STATE_CHANGE, ...SRE }, body: '{}', localAddress }),
        401,
      );
    }
    // X-Forwarded-For cannot promote a client to the proxy: only the socket's address counts.
    expectJsonError(
      await call({ path: '/api/me', headers: { ...SRE, 'x-forwarded-for': '127.0.0.2', 'x-real-ip': '127.0.0.2' } }),
      401,
    );
    expect((await call({ path: '/api/health' })).status).toBe(200);
    // Pages too: only the proxy may talk to the BFF at all.
    const page = await call({ path: '/instances/x' });
    expect(page.status).toBe(401);
    expect(page.text).toContain('You are not coming through the sign-in proxy');
    expect((await call({ path: '/instances/x', localAddress: '127.0.0.2' })).status).toBe(200);
  });
});
