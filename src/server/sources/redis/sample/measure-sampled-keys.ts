import type { KeyRecord } from '../../../../contract/hotkey-task';
import type { RedisEndpoint } from '../redis-connection';
import type { Candidate } from '../scan/key-rank';
import { keyNameFields } from '../scan/key-name';
import { measureKeys } from '../scan/measure-keys';
import { ShardConnection } from '../scan/shard-connection';
import type { RedisArgument } from 'redis';
import type { KeyAccess } from './access-counts';
import type { ClientInfo } from './client-list';
import { clientShares } from './client-shares';
import { poissonInterval } from './rate-interval';

/** A counted key with its rate, once ranked. */
export interface RankedAccess {
  access: KeyAccess;
  /** Cluster master `ip:port`; null on a standalone server. */
  shard: string | null;
  /** Time MONITOR ran on the key's master: the count's denominator. */
  sampledSeconds: number;
  perSecond: number;
  /** Names and libraries of the master's clients (CLIENT LIST). */
  clientInfo: Map<string, ClientInfo>;
}

/** One command per ranked key, pipelined per database; a refused or failed one answers null. */
async function perKey<T>(
  connection: ShardConnection,
  ranked: RankedAccess[],
  args: (r: RankedAccess) => RedisArgument[],
): Promise<Map<RankedAccess, T | null>> {
  const replies = new Map<RankedAccess, T | null>();
  for (const db of new Set(ranked.map((r) => r.access.db))) {
    const inDb = ranked.filter((r) => r.access.db === db);
    if (inDb[0]?.shard === null) await connection.wait(connection.send(['SELECT', String(db)]));
    const answers = await connection.wait(
      Promise.all(inDb.map((r) => connection.send<T | null>(args(r)).catch(() => null))),
    );
    inDb.forEach((r, i) => replies.set(r, answers[i] ?? null));
  }
  return replies;
}

const ratePerSecond = (events: number, seconds: number): number => Math.round((events / seconds) * 100) / 100;

/**
 * Bytes one element of the key carries in a reply: a string's size is in bytes already; a collection's is
 * its MEMORY USAGE over its elements (encoding overhead included: an estimate, on the high side).
 */
function bytesPerElement(record: KeyRecord, memory: number | null): number {
  if (record.type === 'none') return 0;
  if (record.unit === 'byte') return 1;
  return memory !== null && record.size > 0 ? memory / record.size : 0;
}

function sampleOf(r: RankedAccess, record: KeyRecord, memory: number | null): NonNullable<KeyRecord['sample']> {
  const { access, sampledSeconds } = r;
  const { low, high } = poissonInterval(access.count);
  const perElement = bytesPerElement(record, memory);
  let bytes = access.wholeReads * record.size * perElement;
  for (const [reach, calls] of access.partReads) bytes += Math.min(reach, record.size) * perElement * calls;
  return {
    count: access.count,
    per_second: ratePerSecond(access.count, sampledSeconds),
    per_second_low: ratePerSecond(low, sampledSeconds),
    per_second_high: ratePerSecond(high, sampledSeconds),
    commands: Object.fromEntries(access.commands),
    writes: access.writes,
    whole_reads: access.wholeReads,
    bytes_per_second: Math.round(bytes / sampledSeconds),
    clients: clientShares(
      [...access.clients].map(([addr, count]) => ({
        addr,
        count,
        sampledSeconds,
        info: r.clientInfo.get(addr),
        shard: null,
      })),
    ),
  };
}

/**
 * The ranked keys of one server as key records: freq first (TYPE and STRLEN would touch the LFU counter),
 * then TYPE and size through the scan engine, then MEMORY USAGE of the collections for the bytes served. A
 * key read often but absent (a cache miss storm) is kept, with TYPE's own answer `none` and size 0: it is as
 * hot as any other.
 */
export async function measureSampledKeys(
  endpoint: RedisEndpoint,
  target: { shard: string | null; url: string },
  shardLabel: string,
  ranked: RankedAccess[],
  signal: AbortSignal,
): Promise<KeyRecord[]> {
  if (ranked.length === 0) return [];
  const connection = await ShardConnection.open(endpoint, target.url, shardLabel, { signal });
  try {
    // Without an LFU policy Redis refuses OBJECT FREQ, and an absent key has no counter: such keys get null,
    // never a made-up 0 that would read as a cold key.
    const freqs = await perKey<number>(connection, ranked, (r) => ['OBJECT', 'FREQ', r.access.key]);
    // The scan engine's candidates rank by freq; here they are only measured, so any freq will do.
    const candidates = new Map<RankedAccess, Candidate>(
      ranked.map((r) => [r, { key: r.access.key, db: r.access.db, shard: r.shard, freq: 0 }]),
    );
    const measured = await measureKeys(connection, [...candidates.values()]);
    const records = ranked.map((r): KeyRecord => {
      const candidate = candidates.get(r)!;
      const record = measured.get(candidate) ?? {
        ...keyNameFields(r.access.key),
        type: 'none',
        shard: r.shard,
        db: r.access.db,
        size: 0,
        unit: 'byte',
      };
      return { ...record, freq: freqs.get(r) ?? null };
    });
    // Only a collection's bytes per element need it; read after TYPE and size, which it does not change.
    const collections = ranked.filter((_, i) => records[i]!.unit === 'count');
    const memory = await perKey<number>(connection, collections, (r) => ['MEMORY', 'USAGE', r.access.key]);
    return records.map((record, i) => {
      const r = ranked[i]!;
      return { ...record, sample: sampleOf(r, record, memory.get(r) ?? null) };
    });
  } finally {
    connection.close();
  }
}
