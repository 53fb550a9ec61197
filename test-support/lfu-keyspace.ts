import { createClient, RESP_TYPES } from 'redis';
import { expect } from 'vitest';
import { formatKeyName } from '../src/server/sources/redis/scan/key-name';

/**
 * Test fixtures: servers whose LFU counters are exact and stable, keys with chosen freqs, and an
 * independent reading of every key's OBJECT FREQ to compare the engine with.
 */

/** No decay (a minute boundary during a test would lower counters); DEBUG POPULATE loads keys fast. */
export const LFU_TEST_ARGS = [
  '--maxmemory-policy',
  'allkeys-lfu',
  '--lfu-decay-time',
  '0',
  '--enable-debug-command',
  'local',
];

export type TestClient = ReturnType<typeof createClient>;

export const BYTES = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;

export async function connect(url: string): Promise<TestClient> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A client named by CLIENT SETNAME, as a service that names its connections is. */
export async function connectNamed(url: string, name: string): Promise<TestClient> {
  const client = await connect(url);
  await client.sendCommand(['CLIENT', 'SETNAME', name]);
  return client;
}

/** node-redis throws when destroying a client whose server already went away. */
export function disconnect(client: TestClient | undefined): void {
  if (client?.isOpen) client.destroy();
}

/** RESTORE ... FREQ sets the LFU counter exactly, whatever the key's type. */
export async function setFreq(client: TestClient, key: string | Buffer, freq: number): Promise<void> {
  const dump = await client.sendCommand<Buffer>(['DUMP', key], { typeMapping: BYTES });
  await client.sendCommand(['RESTORE', key, '0', dump, 'REPLACE', 'FREQ', String(freq)]);
}

export interface Expected {
  key: Buffer;
  db: number;
  freq: number;
}

/** Every key of the client's current database with its OBJECT FREQ, read one key at a time. */
export async function readFreqs(client: TestClient, db: number): Promise<Expected[]> {
  const out: Expected[] = [];
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await client.sendCommand<[Buffer, Buffer[]]>(['SCAN', cursor, 'COUNT', '500'], {
      typeMapping: BYTES,
    });
    for (const key of keys) {
      const freq = await client.sendCommand<number | null>(['OBJECT', 'FREQ', key]);
      if (freq === null || seen.has(key.toString('latin1'))) continue;
      seen.add(key.toString('latin1'));
      out.push({ key, db, freq });
    }
    cursor = next.toString();
  } while (cursor !== '0');
  return out;
}

/** The order the engine promises: freq desc, then key bytes, then db. */
export const expectedOrder = (a: Expected, b: Expected) =>
  b.freq - a.freq || Buffer.compare(a.key, b.key) || a.db - b.db;

/**
 * The engine's top N against the freqs read directly: every key strictly hotter than the Nth freq is
 * there with its freq, the rest of the N are keys tied at the Nth freq, all in the promised order.
 */
export function expectTopN(
  records: { name: string; db: number; shard?: string | null; freq: number }[],
  all: (Expected & { shard?: string })[],
  n: number,
): void {
  const sorted = [...all].sort(expectedOrder);
  const boundary = sorted[Math.min(n, sorted.length) - 1]?.freq ?? 0;
  const view = (e: Expected & { shard?: string }) => ({
    name: formatKeyName(e.key),
    db: e.db,
    shard: e.shard ?? null,
    freq: e.freq,
  });
  const got = records.map((r) => ({ name: r.name, db: r.db, shard: r.shard ?? null, freq: r.freq }));
  expect(got).toHaveLength(Math.min(n, sorted.length));
  expect(got.filter((r) => r.freq > boundary)).toEqual(sorted.filter((e) => e.freq > boundary).map(view));
  const tied = sorted.filter((e) => e.freq === boundary).map(view);
  for (const record of got.filter((r) => r.freq <= boundary)) expect(tied).toContainEqual(record);
  const tiedNames = got.filter((r) => r.freq === boundary).map((r) => r.name);
  expect(tiedNames).toEqual([...tiedNames].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

/** Resolves once `check` holds, polling; fails after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
