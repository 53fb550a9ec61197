import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adviseKey, type AdviceRule } from '../../../../contract/key-advice';
import { type RedisServerProcess, startRedisServer } from '../../../local-redis/redis-server-process';
import {
  connect,
  connectNamed,
  disconnect,
  LFU_TEST_ARGS,
  type TestClient,
} from '../../../../../test-support/lfu-keyspace';
import { type DrivenKey, RateDriver } from './rate-driver';
import { runSampling } from './run-sampling';

/**
 * Each advice rule against a real server: one window drives a key that must trigger the rule and one close to
 * it that must not, and the rule's evidence names the figures it fired on.
 */
describe('advice per key, from driven workloads', () => {
  let server: RedisServerProcess;
  let setup: TestClient;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startRedisServer({ args: LFU_TEST_ARGS });
    setup = await connect(server.url);
  });

  afterAll(async () => {
    disconnect(setup);
    clients.forEach(disconnect);
    await server?.stop();
  });

  async function named(name: string): Promise<TestClient> {
    const client = await connectNamed(server.url, name);
    clients.push(client);
    return client;
  }

  /** Drives each client's keys for a 2 s window and returns the advice per key name. */
  async function adviceOf(traffic: [TestClient, DrivenKey[]][]): Promise<Map<string, ReturnType<typeof adviseKey>>> {
    const drivers = traffic.map(([client, keys]) => new RateDriver(client, keys));
    drivers.forEach((d) => d.start());
    const { keys } = await runSampling({
      endpoint: { mode: 'standalone', urls: [server.url], tls: false },
      seconds: 2,
      topN: 100,
      byteLimit: 64 * 1024 * 1024,
      latencyBudgetMs: 1000,
    }).finally(() => Promise.all(drivers.map((d) => d.stop())));
    return new Map(keys.map((key) => [key.name, adviseKey(key, keys)]));
  }

  const rules = (advice: ReturnType<typeof adviseKey> | undefined): AdviceRule[] => (advice ?? []).map((a) => a.rule);
  const of = (advice: ReturnType<typeof adviseKey> | undefined, rule: AdviceRule) =>
    advice?.find((a) => a.rule === rule);

  it('client-side caching: a read-dominated small string read by many clients, not one read by a single client', async () => {
    await setup.set('cache:many', 'profile');
    await setup.set('cache:single', 'profile');
    const readers = await Promise.all(['web-1', 'web-2', 'web-3'].map(named));
    const lone = await named('web-lone');
    const advice = await adviceOf([
      ...readers.map((c): [TestClient, DrivenKey[]] => [c, [{ key: 'cache:many', perSecond: 60, command: 'GET' }]]),
      [lone, [{ key: 'cache:single', perSecond: 200, command: 'GET' }]],
    ]);
    expect(of(advice.get('cache:many'), 'client-cache')?.evidence).toMatch(
      /^\d+\/s, 100% reads, from 3 clients; a string of 7 B$/,
    );
    expect(rules(advice.get('cache:single'))).not.toContain('client-cache');
  });

  it('read parts: whole reads of a large hash, not field reads of the same hash', async () => {
    const fields = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, 'v']));
    await setup.hSet('hash:whole', fields);
    await setup.hSet('hash:fields', fields);
    const reader = await named('reader');
    const advice = await adviceOf([
      [
        reader,
        [
          { key: 'hash:whole', perSecond: 120, command: ['HGETALL', 'hash:whole'] },
          { key: 'hash:fields', perSecond: 120, command: ['HGET', 'hash:fields', 'f1'] },
        ],
      ],
    ]);
    expect(of(advice.get('hash:whole'), 'read-parts')?.evidence).toMatch(
      /^\d+\/s whole-collection reads of a hash of 1,000 fields \(HGETALL \d+\), about [\d,]+ B\/s served \(estimate\)$/,
    );
    expect(rules(advice.get('hash:fields'))).not.toContain('read-parts');
  });

  it('split writes: a write-dominated hot key, not a read-dominated one', async () => {
    await setup.set('count:read', '1');
    const writer = await named('counter');
    const advice = await adviceOf([
      [
        writer,
        [
          { key: 'count:write', perSecond: 200, command: ['INCR', 'count:write'] },
          { key: 'count:read', perSecond: 200, command: 'GET' },
        ],
      ],
    ]);
    expect(of(advice.get('count:write'), 'split-writes')?.evidence).toMatch(/^\d+\/s, 100% writes \(INCR \d+\)$/);
    expect(rules(advice.get('count:read'))).not.toContain('split-writes');
  });

  it('look at one client first: one client behind most accesses, named; not three clients sharing a key', async () => {
    await setup.set('one:client', 'v');
    await setup.set('three:clients', 'v');
    const batch = await named('batch-job');
    const shared = await Promise.all(['api-a', 'api-b', 'api-c'].map(named));
    const advice = await adviceOf([
      [batch, [{ key: 'one:client', perSecond: 200, command: 'GET' }]],
      ...shared.map((c): [TestClient, DrivenKey[]] => [c, [{ key: 'three:clients', perSecond: 60, command: 'GET' }]]),
    ]);
    const found = of(advice.get('one:client'), 'check-client');
    expect(found?.advice).toMatch(/^Look at batch-job first/);
    expect(found?.evidence).toMatch(/^batch-job \(127\.0\.0\.1:\d+\) sent 100% of the accesses, \d+\/s of \d+\/s$/);
    expect(rules(advice.get('three:clients'))).not.toContain('check-client');
  });

  it('gives no advice for a key below the hot rate, whatever its pattern', async () => {
    const writer = await named('slow-writer');
    const advice = await adviceOf([[writer, [{ key: 'cool:write', perSecond: 30, command: ['INCR', 'cool:write'] }]]]);
    expect(advice.get('cool:write')).toEqual([]);
  });
});
