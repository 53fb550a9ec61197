import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../../contract/hotkey-task';
import { type RedisServerProcess, startRedisServer } from '../../../local-redis/redis-server-process';
import {
  connect,
  connectNamed,
  disconnect,
  LFU_TEST_ARGS,
  type TestClient,
} from '../../../../../test-support/lfu-keyspace';
import { RateDriver } from './rate-driver';
import { runSampling } from './run-sampling';

/** Out of any probe's reach: MONITOR runs the whole window and every access counts. */
const UNREACHED_BUDGET_MS = 1000;

const sample = (url: string, seconds = 2) =>
  runSampling({
    endpoint: { mode: 'standalone', urls: [url], tls: false },
    seconds,
    topN: 100,
    byteLimit: 64 * 1024 * 1024,
    latencyBudgetMs: UNREACHED_BUDGET_MS,
  });

/** The address a client's commands carry in MONITOR lines, as the server sees it. */
const addressOf = async (client: TestClient): Promise<string> =>
  /addr=(\S+)/.exec(String(await client.sendCommand(['CLIENT', 'INFO'])))![1]!;

const byName = (keys: KeyRecord[], name: string) => keys.find((k) => k.name === name);

describe('who and what drives a key, sampled on a standalone server', () => {
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

  it('attributes a key to two named clients at 3:1 within 10% of their true shares, with names and addresses', async () => {
    const checkout = await connectNamed(server.url, 'checkout-svc');
    const reports = await connectNamed(server.url, 'reports-job');
    clients.push(checkout, reports);
    await setup.set('shared:key', 'value');
    const drivers = [
      new RateDriver(checkout, [{ key: 'shared:key', perSecond: 300, command: 'GET' }]),
      new RateDriver(reports, [{ key: 'shared:key', perSecond: 100, command: 'GET' }]),
    ];
    drivers.forEach((d) => d.start());
    const from = performance.now();
    const { keys, sampled } = await sample(server.url);
    const to = performance.now();
    await Promise.all(drivers.map((d) => d.stop()));
    const sent = drivers.map((d) => d.sentBetween('shared:key', from, to));
    const truth = sent.map((n) => n / (sent[0]! + sent[1]!));
    const rows = byName(keys, 'shared:key')?.sample?.clients ?? [];
    expect(rows.map((r) => r.name)).toEqual(['checkout-svc', 'reports-job']);
    expect(rows.map((r) => r.addr)).toEqual([await addressOf(checkout), await addressOf(reports)]);
    rows.forEach((row, i) => {
      expect(Math.abs(row.share - truth[i]!) / truth[i]!, `${row.name}: ${row.share} vs ${truth[i]}`).toBeLessThan(0.1);
      const rate = sent[i]! / ((to - from) / 1000);
      expect(Math.abs(row.per_second - rate) / rate).toBeLessThan(0.1);
    });
    // Redis 7.0 has no CLIENT SETINFO: no library to name, and none made up.
    expect(rows.every((r) => r.lib === null || typeof r.lib === 'string')).toBe(true);
    // The task's own table names the same two clients for all the traffic sampled.
    expect(sampled.clients?.slice(0, 2).map((r) => r.name)).toEqual(['checkout-svc', 'reports-job']);
  });

  it('keeps the address of a client that came and went within the window, without a name', async () => {
    let running!: () => void;
    const started = new Promise<void>((resolve) => (running = resolve));
    const sampling = runSampling({
      endpoint: { mode: 'standalone', urls: [server.url], tls: false },
      seconds: 2,
      topN: 100,
      byteLimit: 64 * 1024 * 1024,
      latencyBudgetMs: UNREACHED_BUDGET_MS,
      onProgress: (p) => p.shards.every((s) => s.scanned > 0) && running(),
    });
    // MONITOR is on, so the first CLIENT LIST has been read: a client that leaves before the end is in neither.
    await started;
    const passer = await connectNamed(server.url, 'passer');
    const addr = await addressOf(passer);
    for (let i = 0; i < 20; i++) await passer.get('passing:key');
    passer.destroy();
    const { keys } = await sampling;
    const row = byName(keys, 'passing:key')?.sample?.clients?.[0];
    expect(row).toMatchObject({ addr, name: null, count: 20, share: 1 });
  });

  it('sums the clients past the top ten into one "others" row', async () => {
    const many = await Promise.all(Array.from({ length: 13 }, (_, i) => connectNamed(server.url, `worker-${i}`)));
    clients.push(...many);
    const drivers = many.map(
      (client, i) => new RateDriver(client, [{ key: 'fanout', perSecond: 20 + 10 * (13 - i), command: 'GET' }]),
    );
    drivers.forEach((d) => d.start());
    const { keys } = await sample(server.url);
    await Promise.all(drivers.map((d) => d.stop()));
    const rows = byName(keys, 'fanout')?.sample?.clients ?? [];
    expect(rows).toHaveLength(11);
    expect(rows.slice(0, 10).map((r) => r.name)).toEqual(many.slice(0, 10).map((_, i) => `worker-${i}`));
    expect(rows[10]).toMatchObject({ addr: 'others', name: null, clients: 3 });
    expect(rows.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 6);
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(byName(keys, 'fanout')?.sample?.count);
  });

  it('estimates the bytes a GET-driven string serves as its size x its rate, within 10%', async () => {
    const reader = await connectNamed(server.url, 'reader');
    clients.push(reader);
    await setup.set('big:string', 'x'.repeat(4000));
    await setup.set('written:string', 'x'.repeat(4000));
    const driver = new RateDriver(reader, [
      { key: 'big:string', perSecond: 250, command: 'GET' },
      { key: 'written:string', perSecond: 250, command: 'SET' },
    ]);
    driver.start();
    const from = performance.now();
    const { keys } = await sample(server.url);
    const to = performance.now();
    await driver.stop();
    const truth = (4000 * driver.sentBetween('big:string', from, to)) / ((to - from) / 1000);
    const big = byName(keys, 'big:string')?.sample;
    expect(Math.abs((big?.bytes_per_second ?? 0) - truth) / truth).toBeLessThan(0.1);
    expect(big).toMatchObject({ writes: 0, whole_reads: big?.count });
    // A SET's reply carries no value; the same key written serves nothing.
    const written = byName(keys, 'written:string')?.sample;
    expect(written).toMatchObject({ bytes_per_second: 0, writes: written?.count, whole_reads: 0 });
  });

  it('tells a whole-collection read from a field read in the bytes served', async () => {
    const reader = await connectNamed(server.url, 'hash-reader');
    clients.push(reader);
    const fields = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, 'v'.repeat(20)]));
    await setup.hSet('whole:hash', fields);
    await setup.hSet('field:hash', fields);
    const elements = Array.from({ length: 500 }, () => 'e'.repeat(20));
    await setup.rPush('paged:list', elements);
    await setup.rPush('whole:list', elements);
    const driver = new RateDriver(reader, [
      { key: 'whole:hash', perSecond: 50, command: ['HGETALL', 'whole:hash'] },
      { key: 'field:hash', perSecond: 50, command: ['HGET', 'field:hash', 'f1'] },
      { key: 'paged:list', perSecond: 50, command: ['LRANGE', 'paged:list', '0', '9'] },
      { key: 'whole:list', perSecond: 50, command: ['LRANGE', 'whole:list', '0', '-1'] },
    ]);
    driver.start();
    const { keys } = await sample(server.url);
    await driver.stop();
    const bytes = (name: string) => byName(keys, name)?.sample?.bytes_per_second ?? 0;
    // 500 fields of 2 + 20 bytes and more: a whole read is at least 500 x 22 bytes.
    expect(bytes('whole:hash') / (byName(keys, 'whole:hash')?.sample?.per_second ?? 1)).toBeGreaterThan(500 * 22);
    expect(bytes('whole:hash') / bytes('field:hash')).toBeGreaterThan(400);
    // Ten elements of a list of 500 at one rate: a fiftieth of its whole reads (rates within 10% of each other).
    const perCall = (name: string) => bytes(name) / (byName(keys, name)?.sample?.per_second ?? 1);
    expect(perCall('paged:list') / perCall('whole:list')).toBeCloseTo(10 / 500, 3);
    expect(byName(keys, 'paged:list')?.sample?.whole_reads).toBe(0);
    expect(byName(keys, 'whole:list')?.sample?.whole_reads).toBe(byName(keys, 'whole:list')?.sample?.count);
  });
});

describe('a client on a unix socket', () => {
  let server: RedisServerProcess;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotkeys-socket-'));
    server = await startRedisServer({ args: ['--unixsocket', join(dir, 'redis.sock'), '--unixsocketperm', '700'] });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is attributed by its socket path, as MONITOR names it, with its name from CLIENT LIST', async () => {
    const socket = createClient({
      socket: { path: join(dir, 'redis.sock'), reconnectStrategy: false },
      name: 'on-socket',
    });
    socket.on('error', () => undefined);
    await socket.connect();
    const driver = new RateDriver(socket, [{ key: 'socket:key', perSecond: 100, command: 'GET' }]);
    driver.start();
    const { keys } = await sample(server.url, 1).finally(() => driver.stop().finally(() => socket.destroy()));
    expect(byName(keys, 'socket:key')?.sample?.clients).toEqual([
      expect.objectContaining({ addr: `unix:${join(dir, 'redis.sock')}`, name: 'on-socket', share: 1 }),
    ]);
  });
});
