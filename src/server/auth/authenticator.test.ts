import { describe, expect, it } from 'vitest';
import { STORE_KINDS, testDatabases } from '../../../test-support/store-kinds';
import { authConfigSchema } from '../config/config-schema';
import { ApiError } from '../http/api-error';
import { StartLimiter } from '../http/start-limiter';
import { Authenticator, type RequestFacts, SESSION_COOKIE } from './authenticator';
import { isLoopbackHost } from '../config/loopback';
import { SessionStore } from './session-store';

const ALICE_TOKEN = 'alice-operator-token-0123456789';
const BOB_TOKEN = 'bob-viewer-token-0123456789abc';
const ENV = { ALICE_TOKEN, BOB_TOKEN };

const tokenConfig = authConfigSchema.parse({
  mode: 'token',
  tokens: [
    { user: 'alice', role: 'operator', tokenEnv: 'ALICE_TOKEN' },
    { user: 'bob', role: 'viewer', tokenEnv: 'BOB_TOKEN' },
  ],
});
const proxyConfig = authConfigSchema.parse({
  mode: 'proxy',
  trustedProxies: ['127.0.0.2/32', 'fd00::/8'],
  operatorGroups: ['sre', 'dba'],
});

const request = (facts: {
  remoteAddress?: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
}): RequestFacts => ({
  remoteAddress: facts.remoteAddress,
  header: (name) => facts.headers?.[name.toLowerCase()],
  headerCount: (name) => (facts.headers?.[name.toLowerCase()] === undefined ? 0 : 1),
  cookie: (name) => facts.cookies?.[name],
});

const statusOf = async (run: () => Promise<unknown>): Promise<number | undefined> => {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? error.status : -1;
  }
};

describe('auth mode none', () => {
  it('makes everyone an operator on loopback', async () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(await new Authenticator({ mode: 'none' }, host).authenticate(request({}))).toEqual({
        user: 'local',
        role: 'operator',
      });
    }
  });

  it('refuses to start on any other address, saying what to configure', async () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'example.org', '128.0.0.1']) {
      expect(() => new Authenticator({ mode: 'none' }, host), host).toThrow(
        /allowed only on a loopback HOST.*mode "token" or "proxy"/,
      );
    }
  });
});

describe('auth mode token', () => {
  const auth = new Authenticator(tokenConfig, '0.0.0.0', ENV);

  it('refuses to start when a token variable is missing or short, naming it but not its value', async () => {
    expect(() => new Authenticator(tokenConfig, '127.0.0.1', { ALICE_TOKEN })).toThrow(/BOB_TOKEN/);
    expect(() => new Authenticator(tokenConfig, '127.0.0.1', { ...ENV, BOB_TOKEN: 'short-secret' })).toThrow(
      /BOB_TOKEN must hold at least 16 characters/,
    );
    try {
      new Authenticator(tokenConfig, '127.0.0.1', { ...ENV, BOB_TOKEN: 'short-secret' });
    } catch (error) {
      expect(String(error)).not.toContain('short-secret');
    }
  });

  it('knows operators and viewers by their bearer token', async () => {
    const bearer = (token: string) => request({ headers: { authorization: `Bearer ${token}` } });
    expect(await auth.authenticate(bearer(ALICE_TOKEN))).toEqual({ user: 'alice', role: 'operator' });
    expect(await auth.authenticate(bearer(BOB_TOKEN))).toEqual({ user: 'bob', role: 'viewer' });
    expect(await statusOf(() => auth.authenticate(bearer(`${ALICE_TOKEN}x`)))).toBe(401);
    expect(await statusOf(() => auth.authenticate(bearer(ALICE_TOKEN.slice(0, -1))))).toBe(401);
    expect(await statusOf(() => auth.authenticate(request({})))).toBe(401);
  });
});

describe.each(STORE_KINDS)('sessions on %s', (kind) => {
  const databases = testDatabases(kind);

  it('accepts a session cookie only while the session lives, on every replica of the store', async () => {
    const { db, reopen } = await databases.fresh();
    const auth = new Authenticator(tokenConfig, '0.0.0.0', ENV);
    auth.useStore(db);
    const other = new Authenticator(tokenConfig, '0.0.0.0', ENV);
    other.useStore(await reopen());
    const session = await auth.sessions!.create({ user: 'bob', role: 'viewer' });
    expect(await other.authenticate(request({ cookies: { [SESSION_COOKIE]: session } }))).toEqual({
      user: 'bob',
      role: 'viewer',
    });
    expect(await statusOf(() => auth.authenticate(request({ cookies: { [SESSION_COOKIE]: `${session}x` } })))).toBe(
      401,
    );
    const stored = await db.all<Record<string, unknown>>('SELECT * FROM sessions');
    expect(JSON.stringify(stored), 'the store keeps a digest of the id, never the id').not.toContain(session);
  });

  it('forgets a session once its time is up, and only then', async () => {
    let now = 1_000_000;
    const store = new SessionStore((await databases.fresh()).db, 60_000, () => now);
    const id = await store.create({ user: 'alice', role: 'operator' });
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    now += 59_999;
    expect(await store.find(id)).toEqual({ user: 'alice', role: 'operator' });
    now += 1;
    expect(await store.find(id)).toBeUndefined();
    now -= 10;
    expect(await store.find(id), 'an expired session does not come back').toBeUndefined();
  });

  it('ends a session on sign-out and never hands out the same id twice', async () => {
    const store = new SessionStore((await databases.fresh()).db, 60_000);
    const ids = new Set(
      await Promise.all(Array.from({ length: 200 }, () => store.create({ user: 'a', role: 'viewer' }))),
    );
    expect(ids.size).toBe(200);
    const [first] = ids;
    await store.delete(first!);
    expect(await store.find(first!)).toBeUndefined();
  });
});

describe('auth mode proxy', () => {
  const auth = new Authenticator(proxyConfig, '0.0.0.0');
  const fromProxy = (headers: Record<string, string>, remoteAddress = '127.0.0.2') =>
    auth.authenticate(request({ remoteAddress, headers }));

  it('takes the identity from a trusted proxy: operator groups operate, everyone else views', async () => {
    expect(await fromProxy({ 'x-forwarded-user': 'carol', 'x-forwarded-groups': 'dev, sre' })).toEqual({
      user: 'carol',
      role: 'operator',
    });
    expect(await fromProxy({ 'x-forwarded-user': 'dave', 'x-forwarded-groups': 'dev,support' })).toEqual({
      user: 'dave',
      role: 'viewer',
    });
    expect(await fromProxy({ 'x-forwarded-email': 'erin@example.org' })).toEqual({
      user: 'erin@example.org',
      role: 'viewer',
    });
    expect(
      (await fromProxy({ 'x-forwarded-user': 'frank', 'x-forwarded-groups': 'dba' }, '::ffff:127.0.0.2')).role,
    ).toBe('operator');
    expect((await fromProxy({ 'x-forwarded-user': 'gina', 'x-forwarded-groups': 'dba' }, 'fd12::1')).role).toBe(
      'operator',
    );
  });

  it('does not let a group name match by prefix or substring', async () => {
    expect((await fromProxy({ 'x-forwarded-user': 'h', 'x-forwarded-groups': 'sre-interns,xdba,sres' })).role).toBe(
      'viewer',
    );
  });

  it('refuses requests from any other address, whatever headers they carry', async () => {
    const forged = { 'x-forwarded-user': 'mallory', 'x-forwarded-groups': 'sre' };
    for (const address of ['127.0.0.1', '127.0.0.3', '::1', '10.0.0.5', '', 'not-an-ip']) {
      expect(await statusOf(() => fromProxy(forged, address)), address).toBe(401);
    }
    expect(await statusOf(() => auth.authenticate(request({ headers: forged })))).toBe(401);
  });

  it('refuses a trusted proxy that names nobody', async () => {
    expect(await statusOf(() => fromProxy({}))).toBe(401);
    expect(await statusOf(() => fromProxy({ 'x-forwarded-user': '  ', 'x-forwarded-groups': 'sre' }))).toBe(401);
  });
});

describe('StartLimiter', () => {
  it('allows startsPerMinute per user in any minute, then answers 429 with Retry-After', async () => {
    let now = 0;
    const limiter = new StartLimiter(3, () => now);
    for (let i = 0; i < 3; i++) {
      limiter.take('alice');
      now += 10_000;
    }
    limiter.take('bob');
    try {
      limiter.take('alice');
      expect.unreachable('the fourth start in a minute must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(429);
      expect((error as ApiError).headers['Retry-After']).toBe('30');
    }
    now = 60_000;
    limiter.take('alice');
  });
});
