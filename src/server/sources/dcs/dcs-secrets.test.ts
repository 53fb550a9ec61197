import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_INSTANCES, type DcsFault } from '../../../../test-support/dcs-contract-server';
import type { InstanceSource } from '../instance-source';
import {
  TEST_ENV,
  manualClock,
  startHarness,
  type AuthMethod,
  type DcsHarness,
} from '../../../../test-support/dcs-source-harness';

const { haEligible, nonLfu } = CONTRACT_INSTANCES;
const LFU = { method: 'lfu', impact: 'gentle' } as const;
const WRONG = { DCS_AK: 'WRONGAKQ7Z1X2C3V4B5N', DCS_SK: 'wrong-sk-Jd82kP0qLm3n', DCS_PASSWORD: 'wrong-password-9Fs7' };

describe('no secret in any answer or error', () => {
  const clock = manualClock();
  let harness: DcsHarness;
  const outputs: string[] = [];

  beforeAll(async () => {
    harness = await startHarness({ now: clock.now });
  });
  afterAll(() => harness.close());

  /** Every route once, each answer or error recorded in full (inspect shows every own property). */
  async function exercise(source: InstanceSource): Promise<void> {
    const calls: Array<() => Promise<unknown>> = [
      () => source.listInstances(),
      () => source.getInstance(haEligible.id),
      () => source.createTask(haEligible.id, LFU),
      () => source.createTask(nonLfu.id, LFU),
      () => source.listTasks(haEligible.id, { offset: 0, limit: 10 }),
      () => source.getTask(haEligible.id, '00000000-0000-4000-8000-000000000000'),
      () => source.deleteTask(haEligible.id, '00000000-0000-4000-8000-000000000000'),
      () => source.getAutoscan!(haEligible.id),
      () => source.putAutoscan!(haEligible.id, { enable_auto_scan: true, schedule_at: ['04:00'] }),
    ];
    for (const call of calls) {
      try {
        outputs.push(JSON.stringify(await call()));
      } catch (error) {
        outputs.push(inspect(error, { depth: 6 }), JSON.stringify((error as { toBody?: () => unknown }).toBody?.()));
      }
    }
  }

  const FAULTS: DcsFault[] = [
    { kind: 'server-error' },
    { kind: 'server-error', status: 503 },
    { kind: 'timeout' },
    { kind: 'throttle' },
    { kind: 'garbled' },
    { kind: 'token-expired' },
    { kind: 'redirect' },
  ];

  it.each<AuthMethod>(['aksk', 'password'])('%s: right and wrong credentials, every fault', async (method) => {
    await exercise(harness.source(method));
    for (const fault of FAULTS) {
      harness.server.control.failNext(fault, { times: 3 });
      await exercise(harness.source(method, { tuning: { requestTimeoutMs: 150 } }));
      harness.server.control.reset();
    }
    harness.server.control.expireTokens();
    await exercise(harness.source(method));
    for (const wrong of Object.keys(WRONG) as Array<keyof typeof WRONG>) {
      await exercise(harness.source(method, { env: { ...TEST_ENV, [wrong]: WRONG[wrong] } }));
    }
    await exercise(harness.source(method, { now: () => clock.now() + 3_600_000 }));
  });

  it('found none of them in what was recorded', () => {
    const secrets = [...Object.values(TEST_ENV), ...Object.values(WRONG), ...harness.server.control.issuedTokens()];
    expect(harness.server.control.issuedTokens().length).toBeGreaterThan(0);
    expect(outputs.length).toBeGreaterThan(100);
    const text = outputs.join('\n');
    for (const secret of secrets) expect(text.includes(secret), `a secret leaked: ${secret.slice(0, 4)}…`).toBe(false);
    // The gateway did echo a key id, and it came out redacted.
    expect(text).toContain('verify aksk signature fail, ak:***');
  });
});
