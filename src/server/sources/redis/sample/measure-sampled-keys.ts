import type { KeyRecord } from '../../../../contract/hotkey-task';
import type { RedisEndpoint } from '../redis-connection';
import type { Candidate } from '../scan/key-rank';
import { keyNameFields } from '../scan/key-name';
import { measureKeys } from '../scan/measure-keys';
import { ShardConnection } from '../scan/shard-connection';
import type { KeyAccess } from './access-counts';
import { poissonInterval } from './rate-interval';

/** A counted key with its rate, once ranked. */
export interface RankedAccess {
  access: KeyAccess;
  /** Cluster master `ip:port`; null on a standalone server. */
  shard: string | null;
  /** Time MONITOR ran on the key's master: the count's denominator. */
  sampledSeconds: number;
  perSecond: number;
}

/**
 * OBJECT FREQ per key, pipelined per database. Without an LFU policy Redis refuses it, and an absent key
 * has no counter: such keys get null, never a made-up 0 that would read as a cold key.
 */
async function readFreqs(
  connection: ShardConnection,
  ranked: RankedAccess[],
): Promise<Map<RankedAccess, number | null>> {
  const freqs = new Map<RankedAccess, number | null>();
  for (const db of new Set(ranked.map((r) => r.access.db))) {
    const inDb = ranked.filter((r) => r.access.db === db);
    if (inDb[0]?.shard === null) await connection.wait(connection.send(['SELECT', String(db)]));
    const replies = await connection.wait(
      Promise.all(inDb.map((r) => connection.send<number | null>(['OBJECT', 'FREQ', r.access.key]).catch(() => null))),
    );
    inDb.forEach((r, i) => freqs.set(r, replies[i] ?? null));
  }
  return freqs;
}

const ratePerSecond = (events: number, seconds: number): number => Math.round((events / seconds) * 100) / 100;

function sampleOf(r: RankedAccess): NonNullable<KeyRecord['sample']> {
  const { low, high } = poissonInterval(r.access.count);
  return {
    count: r.access.count,
    per_second: ratePerSecond(r.access.count, r.sampledSeconds),
    per_second_low: ratePerSecond(low, r.sampledSeconds),
    per_second_high: ratePerSecond(high, r.sampledSeconds),
    commands: Object.fromEntries(r.access.commands),
  };
}

/**
 * The ranked keys of one server as key records: freq first (TYPE and STRLEN would touch the LFU counter),
 * then TYPE and size through the scan engine. A key read often but absent (a cache miss storm) is kept,
 * with TYPE's own answer `none` and size 0: it is as hot as any other.
 */
export async function measureSampledKeys(
  endpoint: RedisEndpoint,
  target: { shard: string | null; url: string },
  shardLabel: string,
  ranked: RankedAccess[],
): Promise<KeyRecord[]> {
  if (ranked.length === 0) return [];
  const connection = await ShardConnection.open(endpoint, target.url, shardLabel);
  try {
    const freqs = await readFreqs(connection, ranked);
    // The scan engine's candidates rank by freq; here they are only measured, so any freq will do.
    const candidates = new Map<RankedAccess, Candidate>(
      ranked.map((r) => [r, { key: r.access.key, db: r.access.db, shard: r.shard, freq: 0 }]),
    );
    const measured = await measureKeys(connection, [...candidates.values()]);
    return ranked.map((r) => {
      const candidate = candidates.get(r)!;
      const record = measured.get(candidate) ?? {
        ...keyNameFields(r.access.key),
        type: 'none',
        shard: r.shard,
        db: r.access.db,
        size: 0,
        unit: 'byte',
      };
      return { ...record, freq: freqs.get(r) ?? null, sample: sampleOf(r) };
    });
  } finally {
    connection.close();
  }
}
