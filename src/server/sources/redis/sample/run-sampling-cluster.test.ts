import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisClusterProcesses, startRedisCluster } from '../../../local-redis/redis-cluster-processes';
import { expectPlausibleImpact } from '../../../../../test-support/expect-impact';
import type { RedisEndpoint } from '../redis-connection';
import {
  connect,
  disconnect,
  LFU_TEST_ARGS,
  type TestClient,
  waitUntil,
} from '../../../../../test-support/lfu-keyspace';
import { adviseKey } from '../../../../contract/key-advice';
import { type DrivenKey, RateDriver } from './rate-driver';
import { runSampling } from './run-sampling';

const clusterEndpoint = (urls: string[]): RedisEndpoint => ({ mode: 'cluster', urls, tls: false });

/** The first `prefix<i>suffix` this node serves: any other answers MOVED. */
async function ownedKey(node: TestClient, prefix: string, suffix = ''): Promise<string> {
  for (let i = 0; ; i++) {
    const key = `${prefix}${i}${suffix}`;
    try {
      await node.set(key, 'v');
      return key;
    } catch {
      // MOVED: another master's slot
    }
  }
}

describe('runSampling on a 3-master cluster', () => {
  let cluster: RedisClusterProcesses;
  let nodes: TestClient[];
  let traffic: TestClient[];

  beforeAll(async () => {
    cluster = await startRedisCluster(3, LFU_TEST_ARGS);
    nodes = await Promise.all(cluster.urls.map(connect));
    traffic = await Promise.all(cluster.urls.map(connect));
  });

  afterAll(async () => {
    for (const client of [...(nodes ?? []), ...(traffic ?? [])]) disconnect(client);
    await cluster?.stop();
  });

  it('samples every master at once, names the shard and measures each rate', async () => {
    const rates = [300, 150, 60];
    const hot = await Promise.all(nodes.map((node, i) => ownedKey(node, `hot${i}:`)));
    const drivers = traffic.map(
      (client, i) => new RateDriver(client, [{ key: hot[i]!, perSecond: rates[i]!, command: 'GET' }]),
    );
    drivers.forEach((d) => d.start());
    const from = performance.now();
    const { keys, impact, sampled } = await runSampling({
      endpoint: clusterEndpoint([cluster.urls[0]!]),
      seconds: 2,
      topN: 10,
      byteLimit: 64 * 1024 * 1024,
      // Out of any probe's reach: MONITOR runs the whole window on every master, and every access counts.
      latencyBudgetMs: 1000,
    });
    const to = performance.now();
    await Promise.all(drivers.map((d) => d.stop()));
    expect(keys.slice(0, 3).map((k) => k.name)).toEqual(hot);
    const masters = cluster.urls.map((url) => new URL(url).host);
    expectPlausibleImpact(impact, { shards: masters, budgetMs: 1000, applied: true });
    expect(sampled.shards.map((s) => s.shard).sort()).toEqual([...masters].sort());
    expect(sampled.shards.every((s) => s.slices === 1 && s.sampled_fraction > 0.95)).toBe(true);
    hot.forEach((key, i) => {
      const record = keys.find((k) => k.name === key);
      expect(record?.shard).toBe(`127.0.0.1:${new URL(cluster.urls[i]!).port}`);
      const truth = drivers[i]!.sentBetween(key, from, to) / ((to - from) / 1000);
      expect(Math.abs((record?.sample?.per_second ?? 0) - truth) / truth).toBeLessThan(0.1);
      expect(record).toMatchObject({ db: 0, type: 'string' });
    });
    // The server drops a MONITOR client when it reads the close, a moment after the sampler closed it.
    for (const node of nodes) {
      await waitUntil(async () => !/flags=\w*O|cmd=monitor/.test(String(await node.sendCommand(['CLIENT', 'LIST']))));
    }
  });

  it('attributes accesses to the clients of each master, and advises spreading a hash tag that puts hot keys on one', async () => {
    const named = await Promise.all(
      cluster.urls.map(async (url, i) => {
        const client = await connect(url);
        await client.sendCommand(['CLIENT', 'SETNAME', `svc-on-${i}`]);
        return client;
      }),
    );
    // A tag of the first master with two hot keys, one of the second with a single hot key.
    const crowded = (await ownedKey(nodes[0]!, '{tag', '}')).slice(1, -1);
    const single = (await ownedKey(nodes[1]!, '{solo', '}')).slice(1, -1);
    const onFirst: DrivenKey[] = [
      { key: `{${crowded}}:cart`, perSecond: 150, command: 'GET' },
      { key: `{${crowded}}:profile`, perSecond: 150, command: 'GET' },
    ];
    const onSecond: DrivenKey[] = [
      { key: `{${single}}:cart`, perSecond: 150, command: 'GET' },
      { key: `{${single}}:profile`, perSecond: 20, command: 'GET' },
    ];
    const third = await ownedKey(nodes[2]!, 'third:');
    const drivers = [
      new RateDriver(named[0]!, onFirst),
      new RateDriver(named[1]!, onSecond),
      new RateDriver(named[2]!, [{ key: third, perSecond: 100, command: 'GET' }]),
    ];
    drivers.forEach((d) => d.start());
    const { keys, sampled } = await runSampling({
      endpoint: clusterEndpoint([cluster.urls[0]!]),
      seconds: 2,
      topN: 20,
      byteLimit: 64 * 1024 * 1024,
      latencyBudgetMs: 1000,
    }).finally(() => Promise.all(drivers.map((d) => d.stop())).then(() => named.forEach(disconnect)));
    const masters = cluster.urls.map((url) => `127.0.0.1:${new URL(url).port}`);
    const driven = [onFirst.map((k) => k.key), onSecond.map((k) => k.key), [third]];
    driven.forEach((names, i) => {
      for (const name of names) {
        const record = keys.find((k) => k.name === name);
        expect(record?.shard).toBe(masters[i]);
        expect(record?.sample?.clients).toEqual([expect.objectContaining({ name: `svc-on-${i}`, share: 1 })]);
      }
    });
    // The task's table: each master's client, with the master it was counted on.
    for (const [i, master] of masters.entries()) {
      expect(sampled.clients).toContainEqual(expect.objectContaining({ name: `svc-on-${i}`, shard: master }));
    }
    const adviceOf = (name: string) =>
      adviseKey(
        keys.find((k) => k.name === name)!,
        keys,
      ).map((a) => a.rule);
    expect(adviceOf(onFirst[0]!.key)).toContain('spread-hash-tag');
    const evidence = adviseKey(
      keys.find((k) => k.name === onFirst[1]!.key)!,
      keys,
    ).find((a) => a.rule === 'spread-hash-tag')?.evidence;
    expect(evidence).toMatch(
      new RegExp(`^2 hot keys with the tag \\{${crowded}\\} on ${masters[0]}: \\d+/s together$`),
    );
    expect(adviceOf(onSecond[0]!.key)).not.toContain('spread-hash-tag');
  });
});
