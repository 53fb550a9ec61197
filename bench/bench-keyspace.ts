import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, RESP_TYPES } from 'redis';

export type BenchClient = ReturnType<typeof createClient>;

/**
 * Server settings of the benchmark: LFU on; no decay, so the freqs stay put while the runs being
 * compared follow one another; the floor's single EVAL runs for seconds by design, so other clients
 * must wait for it rather than be answered BUSY.
 */
export const BENCH_SERVER_ARGS = [
  '--maxmemory-policy',
  'allkeys-lfu',
  '--lfu-decay-time',
  '0',
  '--busy-reply-threshold',
  '600000',
  '--enable-debug-command',
  'local',
];

export async function connect(url: string): Promise<BenchClient> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** `count` cold keys named `${prefix}:${i}`, loaded inside the server. */
export async function populate(client: BenchClient, count: number, prefix: string): Promise<void> {
  await client.sendCommand(['DEBUG', 'POPULATE', String(count), prefix]);
}

export interface HotKey {
  key: string;
  freq: number;
}

/**
 * Zipf-like heat over keys spread through the keyspace: rank r gets the counter 250 * r^-0.6 reads
 * would give it (one increment per read), so the hottest keys have distinct freqs and hundreds of keys
 * stay warmer than the cold rest (freq 5).
 */
export function zipfHotKeys(prefix: string, count: number, ranks: number[], totalRanks: number): HotKey[] {
  const stride = Math.max(1, Math.floor(count / Math.max(1, totalRanks)));
  return ranks.map((rank, i) => ({
    key: `${prefix}:${Math.min(count - 1, i * stride)}`,
    freq: Math.min(255, 5 + Math.max(1, Math.round(250 * rank ** -0.6))),
  }));
}

/**
 * Sets each hot key's LFU counter exactly (DUMP, then RESTORE ... FREQ). Done before every timed run:
 * reading a key's size counts as an access, so each analysis may warm the keys it measured.
 */
export async function applyHeat(client: BenchClient, keys: HotKey[]): Promise<void> {
  const dumps = await Promise.all(
    keys.map(({ key }) =>
      client.sendCommand<Buffer>(['DUMP', key], { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } }),
    ),
  );
  await Promise.all(
    keys.map(({ key, freq }, i) =>
      client.sendCommand(['RESTORE', key, '0', dumps[i] ?? Buffer.alloc(0), 'REPLACE', 'FREQ', String(freq)]),
    ),
  );
}

/** SCAN's cost depends on whether the main dictionary is still rehashing: time only a settled keyspace. */
export async function waitForRehash(client: BenchClient, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (String(await client.sendCommand(['DEBUG', 'HTSTATS', '0'])).includes('rehashing target')) {
    if (Date.now() > deadline) throw new Error('keyspace still rehashing');
    await sleep(100);
  }
}
