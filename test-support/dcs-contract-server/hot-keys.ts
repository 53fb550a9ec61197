import type { ContractInstance } from './contract-instances';
import { between, pick } from './random-draws';

export interface HotKey {
  name: string;
  type: 'string' | 'list' | 'set' | 'zset' | 'hash';
  shard?: string;
  db: number;
  size: number;
  unit: 'byte' | 'count';
  freq: number;
}

const FAMILIES: ReadonlyArray<{ type: HotKey['type']; name: (n: number) => string }> = [
  { type: 'string', name: (n) => `user:${n}:profile` },
  { type: 'string', name: (n) => `session:${n.toString(16)}` },
  { type: 'hash', name: (n) => `cart:${n}` },
  { type: 'zset', name: (n) => `leaderboard:region-${n % 7}` },
  { type: 'list', name: (n) => `queue:mail-${n % 5}` },
  { type: 'set', name: (n) => `tags:topic-${n % 11}` },
];

/** The freq the hottest key gets: near the 8-bit ceiling, while every other key stays below 160. */
const HOTTEST_FREQ = 251;

/**
 * What a finished analysis reports: a realistic spread over the instance's databases or shards,
 * strings sized in bytes and collections in elements, by freq, highest first, the seeded key on top.
 */
export function analyseKeys(instance: ContractInstance, random: () => number): HotKey[] {
  const places = instance.shards
    ? instance.shards.map((shard) => ({ shard, db: 0 }))
    : (instance.dbs ?? [0]).map((db) => ({ db }));
  const keys: HotKey[] = [];
  const seen = new Set<string>([instance.hottestKey.name]);
  const count = between(random, 12, 24);
  while (keys.length < count) {
    const family = pick(random, FAMILIES);
    const name = family.name(between(random, 1, 99_999));
    if (seen.has(name)) continue;
    seen.add(name);
    const place = pick(random, places);
    const isString = family.type === 'string';
    keys.push({
      name,
      type: family.type,
      ...place,
      size: isString ? between(random, 16, 64_000) : between(random, 1, 5_000),
      unit: isString ? 'byte' : 'count',
      freq: between(random, 5, 160),
    });
  }
  const { name, db, shard } = instance.hottestKey;
  keys.push({
    name,
    type: 'string',
    db,
    ...(shard ? { shard } : {}),
    size: 3_000,
    unit: 'byte',
    freq: HOTTEST_FREQ,
  });
  return keys.sort((a, b) => b.freq - a.freq);
}
