import { createClient, createCluster } from 'redis';
import { seededRandom } from './seeded-random';

/**
 * A skewed workload with known answers: many cold keys of every collection type spread over databases
 * (or cluster shards), a Zipf-like tail of warm keys, and one clearly hottest key per database or shard.
 * A seeded generator makes every run the same.
 */

type Client = ReturnType<typeof createClient>;

export interface SeedOptions {
  /** Cold keys per database (standalone) or in total (cluster). */
  coldKeys?: number;
  /** Warm keys per database or shard, accessed on a Zipf-like curve below the hottest key. */
  warmKeys?: number;
  /** Accesses of the hottest key; warm key i gets hottestHits / (i + 3). */
  hottestHits?: number;
  seed?: number;
}

export interface SeededDatabase {
  /** `db N` for a standalone database, the master's `ip:port` on a cluster. */
  where: string;
  db: number;
  hottestKey: string;
  keyCount: number;
  /** The warm keys, hottest first, with their types (what a workload reads them with). */
  warmKeys: SeededKey[];
}

export const KEY_TYPES = ['string', 'hash', 'list', 'set', 'zset'] as const;
export type SeededKeyType = (typeof KEY_TYPES)[number];
export interface SeededKey {
  key: string;
  type: SeededKeyType;
}

const DEFAULTS = { coldKeys: 3000, warmKeys: 40, hottestHits: 30_000, seed: 42 };

/** Writes one key of the given type with `size` bytes or elements. */
async function writeKey(client: Client, key: string, type: SeededKeyType, size: number): Promise<void> {
  const members = Array.from({ length: size }, (_, i) => `m${i}`);
  switch (type) {
    case 'string':
      await client.set(key, 'x'.repeat(size * 16));
      return;
    case 'hash':
      await client.hSet(key, Object.fromEntries(members.map((m) => [m, 'v'])));
      return;
    case 'list':
      await client.rPush(key, members);
      return;
    case 'set':
      await client.sAdd(key, members);
      return;
    case 'zset':
      await client.zAdd(
        key,
        members.map((m, i) => ({ score: i, value: m })),
      );
  }
}

/** A read of the key's type: what the LFU counter counts (TYPE, EXISTS and OBJECT do not touch it). */
export function readCommand({ key, type }: SeededKey): string[] {
  switch (type) {
    case 'string':
      return ['STRLEN', key];
    case 'hash':
      return ['HLEN', key];
    case 'list':
      return ['LLEN', key];
    case 'set':
      return ['SCARD', key];
    case 'zset':
      return ['ZCARD', key];
  }
}

/** Reads a key `hits` times, pipelined. */
async function touch(client: Client, key: SeededKey, hits: number): Promise<void> {
  const read = readCommand(key);
  for (let done = 0; done < hits; done += 2000) {
    await Promise.all(Array.from({ length: Math.min(2000, hits - done) }, () => client.sendCommand(read)));
  }
}

async function seedKeyspace(
  client: Client,
  prefix: string,
  options: Required<SeedOptions>,
  random: () => number,
  ownsKey: (key: string) => boolean = () => true,
): Promise<{ hottestKey: string; keyCount: number; warmKeys: SeededKey[] }> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let keyCount = 0;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < options.coldKeys; i++) {
    const type = pick(KEY_TYPES);
    const key = `${prefix}${type}:cold:${i}`;
    if (!ownsKey(key)) continue;
    pending.push(writeKey(client, key, type, 1 + Math.floor(random() * 20)));
    keyCount++;
    if (pending.length >= 500) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  const hottestKey = `${prefix}session:hottest`;
  await writeKey(client, hottestKey, 'string', 64);
  await touch(client, { key: hottestKey, type: 'string' }, options.hottestHits);
  keyCount++;
  let warm = 0;
  const warmKeys: SeededKey[] = [];
  for (let i = 0; warm < options.warmKeys; i++) {
    const type = KEY_TYPES[i % KEY_TYPES.length] ?? 'string';
    const key = `${prefix}${['user', 'cart', 'feed', 'rank'][i % 4]}:warm:${i}`;
    if (!ownsKey(key)) continue;
    await writeKey(client, key, type, 5 + Math.floor(random() * 200));
    await touch(client, { key, type }, Math.floor(options.hottestHits / (warm + 3)));
    warmKeys.push({ key, type });
    warm++;
    keyCount++;
  }
  return { hottestKey, keyCount, warmKeys };
}

/** Seeds databases 0..dbs-1 of a standalone server, each with its own hottest key. */
export async function seedStandalone(url: string, dbs = 3, options: SeedOptions = {}): Promise<SeededDatabase[]> {
  const opts = { ...DEFAULTS, ...options };
  const random = seededRandom(opts.seed);
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const seeded: SeededDatabase[] = [];
    for (let db = 0; db < dbs; db++) {
      await client.select(db);
      const result = await seedKeyspace(client, `app${db}:`, opts, random);
      seeded.push({ where: `db ${db}`, db, ...result });
    }
    return seeded;
  } finally {
    client.destroy();
  }
}

/**
 * Seeds every master of a cluster through its own connection, so each shard gets a hottest key of its
 * own; hash tags of the form {sN} pin a shard's keys to slots that master serves.
 */
export async function seedCluster(seedUrls: string[], options: SeedOptions = {}): Promise<SeededDatabase[]> {
  const opts = { ...DEFAULTS, ...options };
  const random = seededRandom(opts.seed);
  const cluster = createCluster({ rootNodes: seedUrls.map((url) => ({ url })) });
  cluster.on('error', () => undefined);
  await cluster.connect();
  try {
    const masters = cluster.masters;
    const seeded: SeededDatabase[] = [];
    for (const [index, master] of masters.entries()) {
      const tag = await tagServedBy(cluster, master.address, index);
      const client = (await cluster.nodeClient(master)) as unknown as Client;
      const perShard = { ...opts, coldKeys: Math.ceil(opts.coldKeys / masters.length) };
      const result = await seedKeyspace(client, `{${tag}}:`, perShard, random);
      seeded.push({ where: `${master.host}:${master.port}`, db: 0, ...result });
    }
    return seeded;
  } finally {
    cluster.destroy();
  }
}

/** A hash tag whose slot the given master serves. */
async function tagServedBy(cluster: ReturnType<typeof createCluster>, address: string, index: number): Promise<string> {
  for (let n = 0; n < 100_000; n++) {
    const tag = `s${index}-${n}`;
    const node = cluster.slots[Number(await slotOf(cluster, tag))]?.master;
    if (node?.address === address) return tag;
  }
  throw new Error(`no hash tag found for master ${address}`);
}

const slotOf = async (cluster: ReturnType<typeof createCluster>, key: string): Promise<number> =>
  Number(await cluster.sendCommand(key, true, ['CLUSTER', 'KEYSLOT', key]));
