import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisClusterProcesses, startRedisCluster } from '../../../local-redis/redis-cluster-processes';
import type { RedisEndpoint } from '../redis-connection';
import { seededRandom } from '../../../local-redis/seeded-random';
import { expectPlausibleImpact } from '../../../../../test-support/expect-impact';
import { DEFAULT_LATENCY_BUDGET_MS } from '../probe/latency-budget';
import { runLfuScan } from './run-lfu-scan';
import {
  connect,
  disconnect,
  type Expected,
  expectTopN,
  LFU_TEST_ARGS,
  readFreqs,
  setFreq,
  type TestClient,
} from '../../../../../test-support/lfu-keyspace';

const clusterEndpoint = (urls: string[]): RedisEndpoint => ({ mode: 'cluster', urls, tls: false });

/** The slot ranges a node serves, from its own line of CLUSTER NODES. */
async function ownSlots(client: TestClient): Promise<[number, number][]> {
  const nodes = await client.sendCommand<string>(['CLUSTER', 'NODES']);
  const mine = nodes.split('\n').find((line) => line.includes('myself')) ?? '';
  return mine
    .split(' ')
    .slice(8)
    .map((range) => range.split('-').map(Number))
    .map(([from, to]) => [from ?? 0, to ?? from ?? 0]);
}

/** A key whose slot this node serves. */
async function ownedKey(client: TestClient, prefix: string, start = 0): Promise<{ key: string; next: number }> {
  const slots = await ownSlots(client);
  for (let i = start; ; i++) {
    const key = `${prefix}${i}`;
    const slot = await client.sendCommand<number>(['CLUSTER', 'KEYSLOT', key]);
    if (slots.some(([from, to]) => slot >= from && slot <= to)) return { key, next: i + 1 };
  }
}

describe('runLfuScan on a 3-master cluster', () => {
  let cluster: RedisClusterProcesses;
  let nodes: TestClient[];

  beforeAll(async () => {
    cluster = await startRedisCluster(3, LFU_TEST_ARGS);
    nodes = await Promise.all(cluster.urls.map(connect));
  });

  afterAll(async () => {
    for (const node of nodes ?? []) disconnect(node);
    await cluster?.stop();
  });

  it('finds the top keys across masters, each under its master', async () => {
    const random = seededRandom(3);
    for (const [n, node] of nodes.entries()) {
      let next = 0;
      for (let i = 0; i < 300; i++) {
        const owned = await ownedKey(node, `k${n}:`, next);
        next = owned.next;
        await node.set(owned.key, 'v');
        if (i % 10 === 0) await setFreq(node, owned.key, 6 + Math.floor(random() * 240));
      }
    }
    const expected: (Expected & { shard: string })[] = [];
    for (const [n, node] of nodes.entries()) {
      const shard = `127.0.0.1:${cluster.nodes[n]?.port}`;
      expected.push(...(await readFreqs(node, 0)).map((e) => ({ ...e, shard })));
    }

    const progress: string[] = [];
    const { keys, impact } = await runLfuScan({
      endpoint: clusterEndpoint([cluster.urls[1] ?? '']),
      topN: 50,
      impact: 'fast',
      onProgress: (p) => progress.push(...p.shards.map((s) => s.shard)),
    });
    expectTopN(keys, expected, 50);
    const masters = cluster.nodes.map((n) => `127.0.0.1:${n.port}`);
    expect(new Set(progress)).toEqual(new Set(masters));
    expectPlausibleImpact(impact, { shards: masters, budgetMs: DEFAULT_LATENCY_BUDGET_MS, applied: false });
  });

  it('fails naming the master that dies mid-scan', async () => {
    for (const node of nodes) {
      const { key: tag } = await ownedKey(node, 'bulk');
      await node.sendCommand(['DEBUG', 'POPULATE', '150000', `{${tag}}`]);
    }
    const victim = cluster.nodes[2];
    if (!victim) throw new Error('no third node');
    const shard = `127.0.0.1:${victim.port}`;
    let killed = false;
    const scan = runLfuScan({
      endpoint: clusterEndpoint(cluster.urls),
      topN: 10,
      impact: 'gentle',
      onProgress: (p) => {
        if (!killed && (p.shards.find((s) => s.shard === shard)?.scanned ?? 0) > 0) {
          killed = true;
          process.kill(victim.pid, 'SIGKILL');
        }
      },
    });
    await expect(scan).rejects.toThrow(new RegExp(`^shard ${shard.replace(/\./g, '\\.')}: connection lost`));
    expect(killed).toBe(true);
  });
});
