import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServerProcess, startRedisServer } from '../../../local-redis/redis-server-process';
import { expectPlausibleImpact } from '../../../../../test-support/expect-impact';
import type { RedisEndpoint } from '../redis-connection';
import { seededRandom } from '../../../local-redis/seeded-random';
import type { TaskProgress } from '../../../../contract/hotkey-task';
import { runLfuScan } from './run-lfu-scan';
import {
  connect,
  disconnect,
  expectTopN,
  LFU_TEST_ARGS,
  readFreqs,
  setFreq,
  type TestClient,
  waitUntil,
} from '../../../../../test-support/lfu-keyspace';

const standalone = (url: string, extra: Partial<RedisEndpoint> = {}): RedisEndpoint => ({
  mode: 'standalone',
  urls: [url],
  tls: false,
  ...extra,
});

const BINARY_KEY = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
const DATABASES = [0, 2, 5];

/** Cold keys of every type in several databases, hot ones with seeded distinct-ish freqs. */
async function loadMixedKeyspace(client: TestClient): Promise<void> {
  const random = seededRandom(7);
  for (const db of DATABASES) {
    await client.select(db);
    await client.sendCommand(['DEBUG', 'POPULATE', '400', `cold${db}`]);
    await client.rPush(`list${db}`, ['a', 'b', 'c']);
    await client.sAdd(`set${db}`, ['a', 'b']);
    await client.zAdd(`zset${db}`, [{ score: 1, value: 'a' }]);
    await client.hSet(`hash${db}`, { a: '1', b: '2', c: '3', d: '4' });
    await client.xAdd(`stream${db}`, '*', { f: 'v' });
    await client.set(`str${db}`, 'hello');
    for (const key of [`list${db}`, `set${db}`, `zset${db}`, `hash${db}`, `stream${db}`, `str${db}`]) {
      await setFreq(client, key, 10 + Math.floor(random() * 200));
    }
    for (let i = 0; i < 30; i++) {
      await client.set(`warm${db}:${i}`, 'v');
      await setFreq(client, `warm${db}:${i}`, 6 + Math.floor(random() * 20));
    }
  }
  await client.select(2);
  await client.set(BINARY_KEY, 'binary');
  await setFreq(client, BINARY_KEY, 250);
  await client.select(0);
}

describe('runLfuScan on a standalone server', () => {
  let server: RedisServerProcess;
  let client: TestClient;

  beforeAll(async () => {
    server = await startRedisServer({ args: LFU_TEST_ARGS });
    client = await connect(server.url);
    await loadMixedKeyspace(client);
  });

  afterAll(async () => {
    disconnect(client);
    await server?.stop();
  });

  const readAll = async () => {
    const all = [];
    for (const db of DATABASES) {
      await client.select(db);
      all.push(...(await readFreqs(client, db)));
    }
    await client.select(0);
    return all;
  };

  it.each(['gentle', 'fast'] as const)(
    'finds the top keys of every database and measures what it cost the server (%s)',
    async (impact) => {
      const all = await readAll();
      const progress: number[] = [];
      const result = await runLfuScan({
        endpoint: standalone(server.url),
        topN: 40,
        impact,
        latencyBudgetMs: 2,
        onProgress: (p) => progress.push(p.scanned),
      });
      expectTopN(result.keys, all, 40);
      expect(progress.at(-1)).toBeGreaterThanOrEqual(3 * 436);
      expectPlausibleImpact(result.impact, {
        shards: [`127.0.0.1:${server.port}`],
        budgetMs: 2,
        applied: impact === 'gentle',
      });
    },
  );

  it('measures each type and escapes binary names', async () => {
    const { keys: records } = await runLfuScan({ endpoint: standalone(server.url), topN: 200, impact: 'gentle' });
    const byName = new Map(records.map((r) => [`${r.db}/${r.name}`, r]));
    expect(records[0]).toMatchObject({ name: '\\xff\\xfe\\x00A', db: 2, type: 'string', size: 6, unit: 'byte' });
    expect(byName.get('2/list2')).toMatchObject({ type: 'list', size: 3, unit: 'count' });
    expect(byName.get('5/set5')).toMatchObject({ type: 'set', size: 2, unit: 'count' });
    expect(byName.get('0/zset0')).toMatchObject({ type: 'zset', size: 1, unit: 'count' });
    expect(byName.get('0/hash0')).toMatchObject({ type: 'hash', size: 4, unit: 'count' });
    expect(byName.get('5/stream5')).toMatchObject({ type: 'stream', size: 1, unit: 'count' });
    expect(byName.get('2/str2')).toMatchObject({ type: 'string', size: 5, unit: 'byte' });
  });

  it('reports progress per database, ending at the keyspace size', async () => {
    const reports: Parameters<NonNullable<Parameters<typeof runLfuScan>[0]['onProgress']>>[0][] = [];
    await runLfuScan({ endpoint: standalone(server.url), topN: 5, impact: 'fast', onProgress: (p) => reports.push(p) });
    const last = reports.at(-1);
    expect(last?.shards.map((s) => s.shard)).toEqual(['db 0', 'db 2', 'db 5']);
    expect(last?.shards.every((s) => s.done && s.scanned === s.total)).toBe(true);
    expect(last?.total).toBe(3 * 436 + 1);
  });

  it('finishes where DBSIZE is denied, counting the keys it scanned', async () => {
    await client.sendCommand(['ACL', 'SETUSER', 'nodbsize', 'on', '>secret', '~*', '+@all', '-dbsize']);
    const all = await readAll();
    const reports: TaskProgress[] = [];
    const { keys } = await runLfuScan({
      endpoint: standalone(server.url, { username: 'nodbsize', password: 'secret' }),
      topN: 25,
      impact: 'gentle',
      onProgress: (p) => reports.push(p),
    });
    expectTopN(keys, all, 25);
    expect(reports.at(-1)?.total).toBe(3 * 436 + 1);
  });

  it.each(['gentle', 'fast'] as const)('scans from the client when EVAL is denied by ACL (%s)', async (impact) => {
    await client.sendCommand(['ACL', 'SETUSER', 'noeval', 'on', '>secret', '~*', '+@all', '-eval', '-evalsha']);
    const all = await readAll();
    const reports: TaskProgress[] = [];
    const { keys } = await runLfuScan({
      endpoint: standalone(server.url, { username: 'noeval', password: 'secret' }),
      topN: 25,
      impact,
      onProgress: (p) => reports.push(p),
    });
    expectTopN(keys, all, 25);
    expect(reports.at(-1)?.total).toBe(3 * 436 + 1);
  });
});

describe('runLfuScan refusals and faults', () => {
  it('fails clearly when the server does not track LFU', async () => {
    const server = await startRedisServer();
    try {
      const client = await connect(server.url);
      await client.set('k', 'v');
      await client.sendCommand(['ACL', 'SETUSER', 'noeval', 'on', '>secret', '~*', '+@all', '-eval', '-evalsha']);
      disconnect(client);
      await expect(runLfuScan({ endpoint: standalone(server.url), topN: 5, impact: 'fast' })).rejects.toThrow(
        /maxmemory-policy is not an LFU policy/,
      );
      const noEval = standalone(server.url, { username: 'noeval', password: 'secret' });
      await expect(runLfuScan({ endpoint: noEval, topN: 5, impact: 'fast' })).rejects.toThrow(
        /maxmemory-policy is not an LFU policy/,
      );
    } finally {
      await server.stop();
    }
  });

  describe('on a large keyspace', () => {
    let server: RedisServerProcess;
    let client: TestClient;

    beforeAll(async () => {
      server = await startRedisServer({ args: LFU_TEST_ARGS });
      client = await connect(server.url);
      await client.sendCommand(['DEBUG', 'POPULATE', '300000', 'bulk']);
      for (let i = 0; i < 20; i++) await setFreq(client, `bulk:${i * 1000}`, 100 + i);
    });

    afterAll(async () => {
      disconnect(client);
      await server?.stop();
    });

    const otherClients = async () => {
      const list = await client.sendCommand<string>(['CLIENT', 'LIST']);
      return list.trim().split('\n').length - 1;
    };

    it('keeps going while keys are added, deleted and expire', async () => {
      const random = seededRandom(11);
      let scanning = true;
      const churn = (async () => {
        let round = 0;
        while (scanning) {
          round++;
          const ops: Promise<unknown>[] = [];
          for (let i = 0; i < 50; i++) {
            const victim = 20_000 + Math.floor(random() * 280_000);
            ops.push(client.del(`bulk:${victim}`));
            ops.push(client.set(`churn:${round}:${i}`, 'v', { PX: 1 + Math.floor(random() * 20) }));
          }
          await Promise.all(ops);
        }
      })();
      const { keys } = await runLfuScan({ endpoint: standalone(server.url), topN: 20, impact: 'gentle' }).finally(
        () => (scanning = false),
      );
      await churn;
      expect(keys.map((r) => [r.name, r.freq])).toEqual(
        Array.from({ length: 20 }, (_, i) => [`bulk:${(19 - i) * 1000}`, 119 - i]),
      );
    });

    it('stops on abort with "cancelled" and closes its connections', async () => {
      const controller = new AbortController();
      const scan = runLfuScan({
        endpoint: standalone(server.url),
        topN: 10,
        impact: 'gentle',
        signal: controller.signal,
        onProgress: (p) => {
          if (p.scanned > 0) controller.abort();
        },
      });
      await expect(scan).rejects.toThrow(/^cancelled$/);
      expect(controller.signal.aborted).toBe(true);
      await waitUntil(async () => (await otherClients()) === 0);
    });

    it('fails naming the shard when the server dies mid-scan', async () => {
      let killed = false;
      const scan = runLfuScan({
        endpoint: standalone(server.url),
        topN: 10,
        impact: 'gentle',
        onProgress: (p) => {
          if (p.scanned > 0 && !killed) {
            killed = true;
            process.kill(server.pid, 'SIGKILL');
          }
        },
      });
      await expect(scan).rejects.toThrow(new RegExp(`^shard 127\\.0\\.0\\.1:${server.port}: connection lost`));
      expect(killed).toBe(true);
    });
  });

  describe('fast, both halves of the keyspace at once', () => {
    let server: RedisServerProcess;
    let client: TestClient;
    const BULK = 524_000;
    const hot = Array.from({ length: 100 }, (_, i) => ({ name: `bulk:${i * 5000 + 7}`, freq: 20 + i }));

    beforeAll(async () => {
      server = await startRedisServer({ args: LFU_TEST_ARGS });
      client = await connect(server.url);
      // POPULATE sizes the table for its keys first: 2^19 buckets, nearly full
      await client.sendCommand(['DEBUG', 'POPULATE', String(BULK), 'bulk']);
      for (const { name, freq } of hot) await setFreq(client, name, freq);
    });

    afterAll(async () => {
      disconnect(client);
      await server?.stop();
    });

    it('walks the keyspace whole on one connection when the server refuses a second', async () => {
      const limited = await startRedisServer({ args: LFU_TEST_ARGS });
      const limitedClient = await connect(limited.url);
      try {
        await limitedClient.sendCommand(['DEBUG', 'POPULATE', '5000', 'few']);
        for (let i = 0; i < 5; i++) await setFreq(limitedClient, `few:${i * 1000}`, 50 + i);
        // this client, the probe and the scan's first connection: a fourth is refused
        await limitedClient.sendCommand(['CONFIG', 'SET', 'maxclients', '3']);
        const { keys } = await runLfuScan({ endpoint: standalone(limited.url), topN: 5, impact: 'fast' });
        expect(keys.map((k) => k.name)).toEqual([4, 3, 2, 1, 0].map((i) => `few:${i * 1000}`));
      } finally {
        disconnect(limitedClient);
        await limited.stop();
      }
    });

    it('finds every hot key while the table is rehashed, and counts the keyspace once', async () => {
      // Past 2^19 keys the table starts growing to 2^20 buckets and moves its keys a few buckets at a time:
      // the scan's two walks meet a table in both sizes at once.
      await Promise.all(Array.from({ length: 1000 }, (_, i) => client.set(`grow:${i}`, 'v')));
      expect(String(await client.sendCommand(['DEBUG', 'HTSTATS', '0']))).toContain('rehashing target');
      const reports: TaskProgress[] = [];
      const { keys } = await runLfuScan({
        endpoint: standalone(server.url),
        topN: hot.length,
        impact: 'fast',
        onProgress: (p) => reports.push(p),
      });
      expect(keys.map((k) => ({ name: k.name, freq: k.freq }))).toEqual([...hot].reverse());
      expect(reports.at(-1)?.total).toBe(BULK + 1000);
    });
  });
});
