import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../../contract/error-body';
import { CONTRACT_CREDENTIALS, CONTRACT_INSTANCES, IAM_OPERATION } from '../../../../test-support/dcs-contract-server';
import { ApiError } from '../../http/api-error';
import {
  TEST_ENV,
  manualClock,
  rejectionOf,
  startHarness,
  type DcsHarness,
} from '../../../../test-support/dcs-source-harness';

const { haEligible } = CONTRACT_INSTANCES;
const LFU = { method: 'lfu', impact: 'gentle' } as const;
const DONE_MS = 2_500;

/** A loopback port that was free a moment ago and has nothing listening on it now. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('DCS source failure modes', () => {
  const clock = manualClock();
  let harness: DcsHarness;
  const control = () => harness.server.control;

  beforeAll(async () => {
    harness = await startHarness({ now: clock.now, tokenTtlMs: 30 * 60_000 });
  });
  afterEach(() => control().reset());
  afterAll(() => harness.close());

  /** A finished task whose details a test may read again and again. */
  async function finishedTask(source = harness.source('aksk')): Promise<string> {
    const task = await source.createTask(haEligible.id, LFU);
    clock.advance(DONE_MS);
    control().reset();
    return task.id;
  }

  it('retries a GET after 5xx answers and then succeeds', async () => {
    const source = harness.source('aksk');
    const taskId = await finishedTask(source);
    control().failNext({ kind: 'server-error' }, { operation: 'ShowHotkeyTaskDetails' });
    control().failNext({ kind: 'server-error', status: 503 }, { operation: 'ShowHotkeyTaskDetails' });
    expect((await source.getTask(haEligible.id, taskId)).status).toBe('success');
    expect(control().calls('ShowHotkeyTaskDetails')).toBe(3);
  });

  it('gives up after three attempts and answers 502 with the upstream error', async () => {
    const source = harness.source('aksk');
    control().failNext({ kind: 'server-error' }, { times: 3 });
    const error = await rejectionOf(source.listTasks(haEligible.id, { offset: 0, limit: 10 }));
    expect(error).toMatchObject({ status: 502, code: 'DCS.5000', message: 'Internal service error.' });
    expect(control().calls()).toBe(3);
  });

  it('answers a load balancer page (HTML 502) as a 502 JSON error, not a crash', async () => {
    const source = harness.source('aksk');
    control().failNext({ kind: 'server-error', status: 502 }, { times: 3 });
    const error = (await rejectionOf(source.getAutoscan!(haEligible.id))) as ApiError;
    expect(error.status).toBe(502);
    expect(errorBodySchema.parse(error.toBody()).error_msg).toMatch(/HTTP 502 with a body that is not JSON/);
  });

  it('retries a GET that timed out, and answers 504 when every attempt does', async () => {
    const source = harness.source('aksk');
    control().failNext({ kind: 'timeout' }, { operation: 'ShowHotkeyAutoscanConfig' });
    expect(await source.getAutoscan!(haEligible.id)).toMatchObject({ enable_auto_scan: true });
    expect(control().calls('ShowHotkeyAutoscanConfig')).toBe(2);

    control().reset();
    control().failNext({ kind: 'timeout' }, { times: 3 });
    const error = await rejectionOf(source.getAutoscan!(haEligible.id));
    expect(error).toMatchObject({ status: 504, code: 'HOTKEYS.504' });
    expect(control().calls()).toBe(3);
  });

  it('never retries a create, whether it failed or timed out', async () => {
    const source = harness.source('aksk');
    control().failNext({ kind: 'server-error' }, { operation: 'CreateHotkeyScanTask', times: 3 });
    expect(await rejectionOf(source.createTask(haEligible.id, LFU))).toMatchObject({ status: 502 });
    expect(control().calls('CreateHotkeyScanTask')).toBe(1);

    control().reset();
    control().failNext({ kind: 'timeout' }, { operation: 'CreateHotkeyScanTask', times: 3 });
    expect(await rejectionOf(source.createTask(haEligible.id, LFU))).toMatchObject({ status: 504 });
    expect(control().calls('CreateHotkeyScanTask')).toBe(1);
  });

  it('pauses every call to the source after a throttling answer', async () => {
    const source = harness.source('aksk');
    control().failNext({ kind: 'throttle', retryAfterSeconds: 7 });
    const throttled = await rejectionOf(source.listTasks(haEligible.id, { offset: 0, limit: 10 }));
    expect(throttled).toMatchObject({
      status: 429,
      code: 'APIGW.0308',
      headers: { 'Retry-After': '7' },
      hint: expect.stringMatching(/throttling/),
    });
    expect(control().calls()).toBe(1);

    clock.advance(3_000);
    const held = await rejectionOf(source.getAutoscan!(haEligible.id));
    expect(held).toMatchObject({ status: 429, code: 'APIGW.0308', headers: { 'Retry-After': '4' } });
    expect(control().calls()).toBe(1);

    clock.advance(4_500);
    expect(await source.getAutoscan!(haEligible.id)).toMatchObject({ instance_id: haEligible.id });
    expect(control().calls()).toBe(2);
  });

  it('pauses for a default while when the throttling answer says not how long', async () => {
    const source = harness.source('aksk', { tuning: { throttlePauseMs: 5_000 } });
    control().failNext({ kind: 'throttle' });
    expect(await rejectionOf(source.getAutoscan!(haEligible.id))).toMatchObject({ headers: { 'Retry-After': '5' } });
    clock.advance(5_001);
    await source.getAutoscan!(haEligible.id);
    expect(control().calls()).toBe(2);
  });

  it('does not retry bad credentials, holds the source back, and never shows the key', async () => {
    const source = harness.source('aksk', { env: { ...TEST_ENV, DCS_SK: 'a-wrong-secret-key-000' } });
    const error = (await rejectionOf(source.listTasks(haEligible.id, { offset: 0, limit: 10 }))) as ApiError;
    expect(error).toMatchObject({ status: 502, code: 'APIG.0301', hint: expect.stringMatching(/credentials/) });
    expect(error.message).toContain('verify aksk signature fail');
    expect(error.message).not.toContain(TEST_ENV.DCS_AK);
    expect(control().calls()).toBe(1);
    expect(await rejectionOf(source.getAutoscan!(haEligible.id))).toMatchObject({ code: 'APIG.0301' });
    expect(control().calls()).toBe(1);

    const unknownAk = harness.source('aksk', { env: { ...TEST_ENV, DCS_AK: 'UNKNOWNAK123456789' } });
    const unknown = (await rejectionOf(unknownAk.getAutoscan!(haEligible.id))) as ApiError;
    expect(unknown.code).toBe('APIG.0301');
    expect(unknown.message).not.toContain('UNKNOWNAK123456789');
  });

  it('explains a clock more than 15 minutes off', async () => {
    const source = harness.source('aksk', { now: () => clock.now() + 20 * 60_000 });
    expect(await rejectionOf(source.getAutoscan!(haEligible.id))).toMatchObject({
      status: 502,
      code: 'APIG.0303',
      hint: expect.stringMatching(/clock/),
    });
  });

  it('renews an expired token once, with one renewal shared by every request in flight', async () => {
    const source = harness.source('password');
    await source.getAutoscan!(haEligible.id);
    expect(control().iamCalls()).toBe(1);
    control().expireTokens();
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => source.getAutoscan!(haEligible.id)),
      ...Array.from({ length: 10 }, () => source.listTasks(haEligible.id, { offset: 0, limit: 5 })),
    ]);
    expect(results).toHaveLength(20);
    expect(control().iamCalls()).toBe(2);
    expect(control().calls()).toBe(41);
  });

  it('retries even a create once after the gateway says the token expired', async () => {
    const source = harness.source('password');
    await source.getAutoscan!(haEligible.id);
    control().failNext({ kind: 'token-expired' }, { operation: 'CreateHotkeyScanTask' });
    expect((await source.createTask(haEligible.id, LFU)).status).toBe('waiting');
    expect(control().calls('CreateHotkeyScanTask')).toBe(2);
    expect(control().iamCalls()).toBe(2);
  });

  it('does not loop when a renewed token is rejected too', async () => {
    const source = harness.source('password');
    control().failNext({ kind: 'token-expired' }, { times: 2 });
    expect(await rejectionOf(source.getAutoscan!(haEligible.id))).toMatchObject({
      status: 502,
      code: 'APIGW.0307',
      hint: expect.stringMatching(/token/),
    });
    expect(control().calls()).toBe(2);
  });

  it('renews a token before it expires', async () => {
    const source = harness.source('password');
    await source.getAutoscan!(haEligible.id);
    clock.advance(21 * 60_000);
    await source.getAutoscan!(haEligible.id);
    expect(control().iamCalls()).toBe(2);
    expect(control().log().length).toBe(2);
  });

  it('keeps a still valid token when its early renewal fails', async () => {
    const source = harness.source('password');
    await source.getAutoscan!(haEligible.id);
    clock.advance(21 * 60_000);
    control().failNext({ kind: 'server-error' }, { operation: IAM_OPERATION });
    expect(await source.getAutoscan!(haEligible.id)).toMatchObject({ instance_id: haEligible.id });
    expect(control().iamCalls()).toBe(2);
    expect(control().calls()).toBe(2);
  });

  it('stops asking IAM after it refused the password', async () => {
    const source = harness.source('password', { env: { ...TEST_ENV, DCS_PASSWORD: 'not-the-password' } });
    const error = (await rejectionOf(source.getAutoscan!(haEligible.id))) as ApiError;
    expect(error).toMatchObject({ status: 502, code: 'IAM.401', hint: expect.stringMatching(/credentials/) });
    expect(await rejectionOf(source.getAutoscan!(haEligible.id))).toMatchObject({ code: 'IAM.401' });
    expect(control().iamCalls()).toBe(1);
    expect(control().calls()).toBe(0);
  });

  it('answers garbled JSON with a 502 JSON error', async () => {
    const source = harness.source('aksk');
    const taskId = await finishedTask(source);
    const fresh = harness.source('aksk');
    control().failNext({ kind: 'garbled' });
    const error = (await rejectionOf(fresh.getTask(haEligible.id, taskId))) as ApiError;
    expect(error.status).toBe(502);
    expect(errorBodySchema.parse(error.toBody())).toMatchObject({ error_code: 'HOTKEYS.502' });
    expect(control().calls()).toBe(1);
  });

  it('follows no redirect', async () => {
    const source = harness.source('aksk');
    control().failNext({ kind: 'redirect' });
    expect(await rejectionOf(source.getAutoscan!(haEligible.id))).toMatchObject({ status: 502 });
    expect(
      control()
        .log()
        .map((c) => c.path),
    ).toEqual([`/v2/${harness.server.projectId}/instances/${haEligible.id}/hotkey/autoscan`]);
  });

  it('answers 502 when nothing listens at the endpoint', async () => {
    const source = harness.source('aksk', { endpoint: `http://127.0.0.1:${await closedPort()}` });
    const error = await rejectionOf(source.getAutoscan!(haEligible.id));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, code: 'HOTKEYS.502', message: expect.stringMatching(/cannot reach/) });
  });

  it('with no listing to fall back on, a failing source throws; with one, it marks its instances UNREACHABLE', async () => {
    const source = harness.source('aksk');
    control().failNext({ kind: 'server-error' }, { times: 3, operation: 'ListInstances' });
    expect(await rejectionOf(source.listInstances())).toMatchObject({ status: 502 });
    clock.advance(2_000);
    const listed = await source.listInstances();
    clock.advance(16_000);
    control().failNext({ kind: 'server-error' }, { times: 3, operation: 'ListInstances' });
    const stale = await source.listInstances();
    expect(stale.map((i) => i.id)).toEqual(listed.map((i) => i.id));
    expect(stale.every((i) => i.status === 'UNREACHABLE' && i.eligibility.reason?.includes('DCS'))).toBe(true);
  });
});

describe('temporary AK/SK credentials', () => {
  let harness: DcsHarness;
  const securityToken = 'temporary-security-token-Qm2v8Xc1';

  beforeAll(async () => {
    harness = await startHarness({ credentials: { ...CONTRACT_CREDENTIALS, securityToken } });
  });
  afterAll(() => harness.close());

  it('sends and signs the security token', async () => {
    const env = { ...TEST_ENV, DCS_TOKEN: securityToken };
    const source = harness.source('aksk', { env, securityTokenEnv: 'DCS_TOKEN' });
    expect(await source.getAutoscan!(haEligible.id)).toMatchObject({ instance_id: haEligible.id });
    const without = harness.source('aksk');
    expect(await rejectionOf(without.getAutoscan!(haEligible.id))).toMatchObject({ code: 'APIG.0301' });
  });
});

describe('ids that must never reach DCS', () => {
  const BAD_IDS = [
    '../',
    '..%2F..%2Fv3%2Fauth%2Ftokens',
    '%2e%2e',
    '%2F',
    '%252F',
    '5560df16-cebf-4473-95c4-d1b573c16e79/../x',
    '5560df16-cebf-4473-95c4-d1b573c16e79%2F..',
    '5560df16%2Dcebf%2D4473%2D95c4%2Dd1b573c16e79',
    '5560df16-cebf-4473-95c4-d1b573c16e7\u0000',
    '5560df16-cebf-4473-95c4-d1b573c16e79\r\nX-Injected: 1',
    '5560df16-cebf-4473-95c4-d1b573c16e79\n',
    '5560df16-cebf-4473-95c4-d1b573c16e79\uff0fx',
    '\uff0e\uff0e\uff0f',
    'a'.repeat(1024),
    '',
  ];
  let harness: DcsHarness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it.each(BAD_IDS.map((id) => [JSON.stringify(id).slice(0, 60), id] as const))('%s', async (_label, bad) => {
    const source = harness.source('aksk');
    const good = haEligible.id;
    harness.server.control.reset();
    expect(await source.ownsInstance(bad)).toBe(false);
    const attempts: Array<Promise<unknown>> = [
      source.getInstance(bad),
      source.createTask(bad, LFU),
      source.listTasks(bad, { offset: 0, limit: 10 }),
      source.getTask(bad, good),
      source.getTask(good, bad),
      source.deleteTask(bad, good),
      source.deleteTask(good, bad),
      source.getAutoscan!(bad),
      source.putAutoscan!(bad, { enable_auto_scan: false, schedule_at: [] }),
    ];
    for (const attempt of attempts) {
      const error = await rejectionOf(attempt);
      expect(error).toBeInstanceOf(ApiError);
      expect([400, 404]).toContain((error as ApiError).status);
    }
    expect(harness.server.control.log()).toEqual([]);
  });
});
