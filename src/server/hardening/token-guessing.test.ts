import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../contract/error-body';
import { rawRequest, type RawRequest } from '../../../test-support/raw-http';
import { type SpawnedBff, startBff } from '../../../test-support/spawn-bff';

const TOKENS = { ALICE_TOKEN: 'alice-operator-token-0123456789', MALLORY_GUESS: 'not-a-token-of-anyone-0000' };
const STATE_CHANGE = { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' };

let dir: string;
let bff: SpawnedBff;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-guessing-'));
  bff = await startBff({
    dir,
    config: {
      auth: { mode: 'token', tokens: [{ user: 'alice', role: 'operator', tokenEnv: 'ALICE_TOKEN' }] },
      sources: [],
    },
    env: { ALICE_TOKEN: TOKENS.ALICE_TOKEN },
  });
}, 60_000);

afterAll(async () => {
  await bff?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (request: RawRequest) => rawRequest(bff.url, request);
const signIn = (token: string, localAddress: string) =>
  call({ method: 'POST', path: '/api/session', headers: STATE_CHANGE, body: JSON.stringify({ token }), localAddress });
const bearer = (token: string, localAddress: string) =>
  call({ path: '/api/me', headers: { authorization: `Bearer ${token}` }, localAddress });

/** Statuses of `n` tries, in order, and how long they took. */
async function statuses(n: number, attempt: (i: number) => ReturnType<typeof call>) {
  const started = Date.now();
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await attempt(i)).status);
  return { results: out, seconds: (Date.now() - started) / 1000 };
}

/**
 * Five failures are free; then each wait doubles from 1 s, so however slow the machine, no more tries get
 * through to the token check than the doublings that fit in the time the tries took.
 */
function expectThrottled({ results, seconds }: { results: number[]; seconds: number }): void {
  expect(results.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
  expect(results.every((s) => s === 401 || s === 429)).toBe(true);
  const checked = results.filter((s) => s === 401).length;
  expect(checked).toBeLessThanOrEqual(5 + Math.ceil(Math.log2(seconds + 1)) + 1);
}

const counts = { signIn401: 0, signIn429: 0, bearer401: 0, bearer429: 0 };

describe('token guessing', () => {
  it('throttles failed sign-ins per address with 429 and Retry-After, without looking at the token', async () => {
    const tries = await statuses(200, (i) => signIn(`${TOKENS.MALLORY_GUESS}-${i}`, '127.0.0.1'));
    expectThrottled(tries);
    counts.signIn401 = tries.results.filter((s) => s === 401).length;
    counts.signIn429 = tries.results.filter((s) => s === 429).length;
    // Right after a failure past the free ones, the address waits.
    await signIn(TOKENS.MALLORY_GUESS, '127.0.0.1').then((r) =>
      r.status === 401 ? counts.signIn401++ : counts.signIn429++,
    );
    const refused = await signIn(TOKENS.MALLORY_GUESS, '127.0.0.1');
    counts.signIn429 += 1;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(errorBodySchema.parse(refused.json).error_code).toBe('HOTKEYS.429');
    // While the address waits, even the right token is not looked at: 429 tells nothing about a guess.
    expect((await signIn(TOKENS.ALICE_TOKEN, '127.0.0.1')).status).toBe(429);
    counts.signIn429 += 1;
  });

  it('throttles failed Bearer calls the same way, per address', async () => {
    const tries = await statuses(20, (i) => bearer(`${TOKENS.MALLORY_GUESS}-${i}`, '127.0.0.3'));
    expectThrottled(tries);
    counts.bearer401 = tries.results.filter((s) => s === 401).length;
    counts.bearer429 = tries.results.filter((s) => s === 429).length;
    expect(counts.bearer429).toBeGreaterThan(0);
  });

  it('does not hold back a success from another address', async () => {
    expect((await signIn(TOKENS.ALICE_TOKEN, '127.0.0.2')).status).toBe(200);
    expect((await bearer(TOKENS.ALICE_TOKEN, '127.0.0.4')).status).toBe(200);
  });

  it('audits every failure with the address, never the token', async () => {
    await bff.waitForLog((l) => l.msg === 'audit' && l.action === 'bearer token' && l.result === 'refused 429');
    const audit = bff.logLines().filter((l) => l.msg === 'audit' && l.action !== undefined);
    const refused = (action: string, address: string, result: string) =>
      audit.filter((l) => l.action === action && l.address === address && l.result === result).length;
    expect(refused('sign-in', '127.0.0.1', 'refused 401')).toBe(counts.signIn401);
    expect(refused('sign-in', '127.0.0.1', 'refused 429')).toBe(counts.signIn429);
    expect(refused('bearer token', '127.0.0.3', 'refused 401')).toBe(counts.bearer401);
    expect(refused('bearer token', '127.0.0.3', 'refused 429')).toBe(counts.bearer429);
    expect(bff.stdout()).not.toContain(TOKENS.MALLORY_GUESS);
    expect(bff.stdout()).not.toContain(TOKENS.ALICE_TOKEN);
  });
});
