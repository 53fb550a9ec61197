import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRecord, TaskProgress } from '../../../../contract/hotkey-task';
import { type RedisServerProcess, startRedisServer } from '../../../local-redis/redis-server-process';
import { seededRandom } from '../../../local-redis/seeded-random';
import { expectPlausibleImpact } from '../../../../../test-support/expect-impact';
import { DEFAULT_LATENCY_BUDGET_MS } from '../probe/latency-budget';
import type { RedisEndpoint } from '../redis-connection';
import {
  connect,
  disconnect,
  LFU_TEST_ARGS,
  type TestClient,
  waitUntil,
} from '../../../../../test-support/lfu-keyspace';
import { serverBlocker } from '../../../../../test-support/server-blocker';
import { type DrivenKey, RateDriver } from './rate-driver';
import { runSampling, type SamplingOptions } from './run-sampling';

const standalone = (url: string, extra: Partial<RedisEndpoint> = {}): RedisEndpoint => ({
  mode: 'standalone',
  urls: [url],
  tls: false,
  ...extra,
});

/**
 * A budget no probe of a test server reaches keeps MONITOR on the whole window, so a test can count every
 * command it sends; the slicing has tests of its own.
 */
const UNREACHED_BUDGET_MS = 1000;

const sample = (endpoint: RedisEndpoint, extra: Partial<SamplingOptions> = {}) =>
  runSampling({
    endpoint,
    seconds: 1,
    topN: 100,
    byteLimit: 64 * 1024 * 1024,
    latencyBudgetMs: UNREACHED_BUDGET_MS,
    ...extra,
  });

/** Clients of the server in MONITOR mode: CLIENT LIST flags them O (and cmd=monitor). */
async function monitors(client: TestClient): Promise<string[]> {
  const list = String(await client.sendCommand(['CLIENT', 'LIST']));
  return list.split('\n').filter((line) => /\bflags=\w*O/.test(line) || /\bcmd=monitor\b/.test(line));
}

/** The server drops a MONITOR client when it reads the close, a moment after the sampler closed it. */
const noMonitorLeft = (client: TestClient) => waitUntil(async () => (await monitors(client)).length === 0, 2_000);

/** Resolves once a sampling's MONITOR runs on every master (its progress clock has started). */
function started(): { onProgress: (p: TaskProgress) => void; running: Promise<void> } {
  let resolve!: () => void;
  const running = new Promise<void>((r) => (resolve = r));
  return { onProgress: (p) => p.shards.every((s) => s.scanned > 0) && resolve(), running };
}

const byName = (keys: KeyRecord[], name: string): KeyRecord | undefined => keys.find((k) => k.name === name);

describe('runSampling on a standalone LFU server', () => {
  let server: RedisServerProcess;
  let client: TestClient;
  let traffic: TestClient;

  beforeAll(async () => {
    server = await startRedisServer({ args: LFU_TEST_ARGS });
    client = await connect(server.url);
    traffic = await connect(server.url);
    await client.sendCommand(['DEBUG', 'POPULATE', '1000', 'cold']);
  });

  afterAll(async () => {
    disconnect(client);
    disconnect(traffic);
    await server?.stop();
  });

  it('measures known per-key rates within 10%, above the LFU ceiling too, in the right order', async () => {
    // Keys above ~42/s all end at freq 255 in an LFU scan; sampling must still order them.
    const random = seededRandom(11);
    const keys: DrivenKey[] = [
      { key: 'rate:400', perSecond: 400, command: 'GET' },
      { key: 'rate:200', perSecond: 200, command: 'GET' },
      { key: 'rate:100', perSecond: 100, command: 'SET' },
      { key: 'rate:50', perSecond: 50, command: 'GET' },
      { key: 'rate:20', perSecond: 20, command: 'GET' },
      ...Array.from({ length: 20 }, (_, i) => ({
        key: `cold:${i}`,
        perSecond: 1 + Math.floor(random() * 4),
        command: 'GET' as const,
      })),
    ];
    for (const { key } of keys) await client.set(key, 'v');
    const driver = new RateDriver(traffic, keys);
    driver.start();
    const from = performance.now();
    const { keys: result, note } = await sample(standalone(server.url), { seconds: 4 });
    const to = performance.now();
    await driver.stop();
    expect(note).toBeNull();
    const ranked = keys.filter((k) => k.perSecond >= 20).map((k) => k.key);
    expect(result.slice(0, ranked.length).map((k) => k.name)).toEqual(ranked);
    for (const { key } of keys.filter((k) => k.perSecond >= 20)) {
      const truth = driver.sentBetween(key, from, to) / ((to - from) / 1000);
      const measured = byName(result, key)?.sample?.per_second ?? 0;
      expect(Math.abs(measured - truth) / truth, `${key}: measured ${measured}/s, sent ${truth}/s`).toBeLessThan(0.1);
    }
    expect(byName(result, 'rate:100')?.sample?.commands).toEqual({ SET: expect.any(Number) });
    expect(byName(result, 'rate:400')).toMatchObject({ type: 'string', unit: 'byte', size: 1 });
    expect(byName(result, 'rate:400')?.freq).toBeGreaterThan(5);
    await noMonitorLeft(client);
  });

  it('runs MONITOR on a quiet server without a break, and says what the sampling cost it', async () => {
    const driver = new RateDriver(traffic, [{ key: 'quiet:200', perSecond: 200, command: 'GET' }]);
    driver.start();
    const { keys, impact, sampled, note } = await sample(standalone(server.url), { seconds: 2 });
    await driver.stop();
    const shard = `127.0.0.1:${server.port}`;
    expectPlausibleImpact(impact, { shards: [shard], budgetMs: UNREACHED_BUDGET_MS, applied: true });
    expect(sampled).toMatchObject({ window_ms: 2000, slices: 1, shards: [{ shard, slices: 1 }] });
    expect(sampled.sampled_fraction).toBeGreaterThan(0.95);
    expect(note).toBeNull();
    const record = byName(keys, 'quiet:200')?.sample;
    expect(record?.per_second_low).toBeLessThan(record?.per_second ?? 0);
    expect(record?.per_second_high).toBeGreaterThan(record?.per_second ?? Infinity);
  });

  it('counts every access where the user may not send the slice marks (ECHO denied)', async () => {
    await client.sendCommand(['ACL', 'SETUSER', 'noecho', 'on', '>secret', '~*', '+@all', '-echo']);
    await client.set('noecho:key', 'v');
    const { onProgress, running } = started();
    const sampling = sample(standalone(server.url, { username: 'noecho', password: 'secret' }), { onProgress });
    await running;
    for (let i = 0; i < 50; i++) await client.get('noecho:key');
    const { keys, sampled } = await sampling;
    expect(byName(keys, 'noecho:key')?.sample?.count).toBe(50);
    expect(sampled.sampled_fraction).toBeGreaterThan(0.9);
  });

  it("counts the commands of the window's last moments that the BFF had not yet read when it ended", async () => {
    await client.set('stall:key', 'v');
    const { onProgress, running } = started();
    const sampling = sample(standalone(server.url), { seconds: 1, onProgress });
    await running;
    // The BFF's event loop stands still past the window's end while another process sends 300 GETs: their
    // MONITOR lines wait unread in the socket when the window's timer fires (the stall ends in the loop's
    // check phase, so timers run before the socket is read).
    await new Promise((resolve) => setImmediate(resolve));
    const stalledUntil = performance.now() + 1200;
    execFileSync('redis-cli', ['-p', String(server.port)], { input: 'GET stall:key\n'.repeat(300) });
    while (performance.now() < stalledUntil) continue;
    const { keys, sampled } = await sampling;
    expect(byName(keys, 'stall:key')?.sample?.count).toBe(300);
    // timed by the server's clock, the slice ran until the BFF could end it
    expect(sampled.sampled_ms).toBeGreaterThan(1000);
  });

  it('duty-cycles MONITOR when the probe says the server has no room, and scales rates by the time sampled', async () => {
    const keys: DrivenKey[] = [
      { key: 'slice:2000', perSecond: 2000, command: 'GET' },
      { key: 'slice:500', perSecond: 500, command: 'SET' },
      { key: 'slice:3', perSecond: 3, command: 'GET' },
    ];
    const driver = new RateDriver(traffic, keys);
    // From the sampling's first progress report on (its baseline is over), the server is held for 10 ms
    // every 40 ms: the probe's p99 rises far above its p99 before, even on a machine with its own delays.
    const blocking = await connect(server.url);
    const blocker = serverBlocker(blocking, 10, 30);
    driver.start();
    const from = performance.now();
    const result = await sample(standalone(server.url), {
      seconds: 3,
      latencyBudgetMs: DEFAULT_LATENCY_BUDGET_MS,
      onProgress: blocker.start,
    }).finally(() => blocker.stop().finally(() => disconnect(blocking)));
    const to = performance.now();
    await driver.stop();
    const { impact, sampled } = result;
    const shard = `127.0.0.1:${server.port}`;
    expectPlausibleImpact(impact, { shards: [shard], budgetMs: DEFAULT_LATENCY_BUDGET_MS, applied: true });
    expect(impact.backoffs).toBeGreaterThan(0);
    expect(sampled.window_ms).toBe(3000);
    expect(sampled.slices).toBeGreaterThanOrEqual(2);
    expect(sampled.sampled_fraction).toBeGreaterThan(0);
    expect(sampled.sampled_fraction).toBeLessThan(0.9);
    expect(sampled.shards).toEqual([
      { shard, sampled_ms: sampled.sampled_ms, sampled_fraction: sampled.sampled_fraction, slices: sampled.slices },
    ]);
    expect(result.note).toMatch(/^MONITOR ran \d+% of the window, in slices, to keep the probe's p99 within 1 ms/);
    for (const { key } of keys.slice(0, 2)) {
      const record = byName(result.keys, key)?.sample;
      const truth = driver.sentBetween(key, from, to) / ((to - from) / 1000);
      // Over the whole window the count would read as the sampled fraction of the rate.
      expect(
        Math.abs((record?.per_second ?? 0) - truth) / truth,
        `${key}: ${record?.per_second}/s, sent ${truth}/s`,
      ).toBeLessThan(0.15);
      const overSampled = (record?.count ?? 0) / (sampled.sampled_ms / 1000);
      expect(Math.abs((record?.per_second ?? 0) - overSampled) / overSampled).toBeLessThan(0.002);
    }
    // A key seen a few times gets an interval wider than its rate.
    const rare = byName(result.keys, 'slice:3')?.sample;
    if (rare) expect((rare.per_second_high ?? 0) - (rare.per_second_low ?? 0)).toBeGreaterThan(rare.per_second);
    await noMonitorLeft(client);
  });

  it('counts every key of multi-key commands, scripts, binary names and databases, by command', async () => {
    const binary = Buffer.from([0xff, 0x00, 0x22, 0x5c, 0x0a, 0x41]);
    await client.set(binary, 'bin');
    const { onProgress, running } = started();
    const sampling = sample(standalone(server.url), { seconds: 2, onProgress });
    await running;
    await traffic.mGet(['m:a', 'm:b', 'm:a']);
    await traffic.mSet({ 'm:a': '1', 'm:c': '2' });
    await traffic.del(['m:c', 'm:d']);
    await traffic.eval("redis.call('GET', KEYS[1]); return redis.call('GET', KEYS[2])", { keys: ['m:a', 's"q'] });
    await traffic.zUnionStore('m:dest', ['m:z1', 'm:z2']);
    await traffic.sendCommand(['OBJECT', 'FREQ', 'm:a']);
    await traffic.get(binary);
    await traffic.select(3);
    await traffic.get('m:a');
    await traffic.select(0);
    await traffic.ping();
    const { keys } = await sampling;
    const at = (name: string, db = 0) => keys.find((k) => k.name === name && k.db === db)?.sample;
    expect(at('m:a')).toEqual({
      count: 5,
      per_second: expect.any(Number),
      per_second_low: expect.any(Number),
      per_second_high: expect.any(Number),
      commands: { MGET: 2, MSET: 1, EVAL: 1, 'OBJECT|FREQ': 1 },
      // MSET is the one write (COMMAND's flags); only MGET's replies carry the value.
      writes: 1,
      whole_reads: 2,
      bytes_per_second: expect.any(Number),
      clients: [expect.objectContaining({ count: 5, share: 1 })],
    });
    expect(at('m:b')?.commands).toEqual({ MGET: 1 });
    expect(at('m:c')?.commands).toEqual({ MSET: 1, DEL: 1 });
    expect(at('m:d')?.commands).toEqual({ DEL: 1 });
    expect(at('s"q')?.commands).toEqual({ EVAL: 1 });
    expect(at('m:dest')?.commands).toEqual({ ZUNIONSTORE: 1 });
    expect(at('m:z1')?.commands).toEqual({ ZUNIONSTORE: 1 });
    expect(at('m:a', 3)?.commands).toEqual({ GET: 1 });
    const binaryRecord = keys.find((k) => k.name.startsWith('\\xff'));
    expect(binaryRecord).toMatchObject({ type: 'string', sample: { count: 1, commands: { GET: 1 } } });
    // Read often but absent: kept, as TYPE answers it.
    expect(keys.find((k) => k.name === 'm:d')).toMatchObject({ type: 'none', size: 0 });
  });

  it('ends MONITOR at the byte limit and keeps what it gathered, with a note', async () => {
    const driver = new RateDriver(traffic, [{ key: 'flood', perSecond: 2000, command: 'GET' }]);
    driver.start();
    const begin = performance.now();
    const { keys, note } = await sample(standalone(server.url), { seconds: 30, byteLimit: 64 * 1024 });
    const took = performance.now() - begin;
    await driver.stop();
    expect(took).toBeLessThan(10_000);
    expect(note).toMatch(/stopped after .* of the 30 s window.*64 KiB/);
    expect(keys[0]?.name).toBe('flood');
    await noMonitorLeft(client);
  });

  it('ends MONITOR on cancel and rejects with "cancelled"', async () => {
    const controller = new AbortController();
    const { onProgress, running } = started();
    const sampling = sample(standalone(server.url), { seconds: 30, signal: controller.signal, onProgress });
    await running;
    expect(await monitors(client)).toHaveLength(1);
    controller.abort('cancelled');
    await expect(sampling).rejects.toThrow('cancelled');
    await noMonitorLeft(client);
  });

  it('refuses a user without the monitor permission, saying how to grant it', async () => {
    await client.sendCommand(['ACL', 'SETUSER', 'watcher', 'on', '>secret', '~*', '+@all', '-monitor']);
    const endpoint = standalone(server.url, { username: 'watcher', password: 'secret' });
    await expect(sample(endpoint)).rejects.toThrow(/user "watcher" may not run MONITOR.*\+monitor/);
    await noMonitorLeft(client);
  });
});

describe('runSampling on a server without an LFU policy', () => {
  let server: RedisServerProcess;
  let client: TestClient;

  beforeAll(async () => {
    server = await startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lru'] });
    client = await connect(server.url);
  });

  afterAll(async () => {
    disconnect(client);
    await server?.stop();
  });

  it('ranks by measured rate; no freq where the server has no LFU policy', async () => {
    const traffic = await connect(server.url);
    await traffic.set('lru:hot', 'x');
    const driver = new RateDriver(traffic, [
      { key: 'lru:hot', perSecond: 200, command: 'GET' },
      { key: 'lru:warm', perSecond: 40, command: 'SET' },
    ]);
    driver.start();
    const { keys } = await sample(standalone(server.url), { seconds: 1 });
    await driver.stop();
    disconnect(traffic);
    expect(keys.map((k) => k.name)).toEqual(['lru:hot', 'lru:warm']);
    expect(keys[0]).toMatchObject({ type: 'string', freq: null, sample: { commands: { GET: expect.any(Number) } } });
    await noMonitorLeft(client);
  });
});
