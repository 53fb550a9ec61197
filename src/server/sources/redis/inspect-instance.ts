import type { ClusterShard, Eligibility, InstanceSummary } from '../../../contract/instance-summary';
import type { RedisSourceConfig } from '../../config/config-schema';
import { DEFAULT_LFU, LFU_POLICIES } from '../../lfu/estimate-lfu';
import {
  connectStandalone,
  describeRedisError,
  destroyQuietly,
  type RedisClient,
  type RedisEndpoint,
} from './redis-connection';
import { type ClusterMaster, discoverClusterMasters } from './scan/cluster-masters';

/** What one server (a standalone or one cluster master) says about itself. */
export interface ServerFacts {
  /** The Redis version the server reports (a Valkey server reports the one it is compatible with). */
  version: string;
  /** `redis`, or what INFO's `server_name` says (`valkey`), with that engine's own version. */
  engine: string;
  engineVersion: string;
  policy: string | null;
  lfuLogFactor: number | null;
  lfuDecayTime: number | null;
  /** Why CONFIG GET could not be read (renamed or refused by an ACL), when it could not. */
  configError: string | null;
  /** INFO's run_id: the server process itself, whatever name or address reached it. */
  runId: string | null;
}

const majorVersion = (version: string): number => Number.parseInt(version.split('.')[0] ?? '', 10);

async function readConfig(client: RedisClient, name: string): Promise<string | null> {
  const reply = await client.configGet(name);
  return reply[name] ?? null;
}

/** Engine and versions from `INFO server`: Valkey says `server_name:valkey` and its own `valkey_version`. */
export function parseServerInfo(info: string): Pick<ServerFacts, 'version' | 'engine' | 'engineVersion' | 'runId'> {
  const field = (name: string) => new RegExp(`^${name}:([^\r\n]+)`, 'm').exec(info)?.[1]?.trim();
  const version = field('redis_version') ?? 'unknown';
  const engine = field('server_name')?.toLowerCase() ?? 'redis';
  const engineVersion = (engine === 'redis' ? undefined : field(`${engine}_version`)) ?? version;
  return { version, engine, engineVersion, runId: /run_id:([0-9a-f]+)/.exec(info)?.[1] ?? null };
}

export async function readServerFacts(client: RedisClient): Promise<ServerFacts> {
  const server = parseServerInfo(await client.info('server'));
  try {
    const policy = await readConfig(client, 'maxmemory-policy');
    const factor = await readConfig(client, 'lfu-log-factor');
    const decay = await readConfig(client, 'lfu-decay-time');
    return {
      ...server,
      policy,
      lfuLogFactor: factor === null ? null : Number(factor),
      lfuDecayTime: decay === null ? null : Number(decay),
      configError: null,
    };
  } catch (error) {
    const configError = describeRedisError(error);
    return { ...server, policy: await probeLfu(client), lfuLogFactor: null, lfuDecayTime: null, configError };
  }
}

export const PROBED_LFU = 'an LFU policy (CONFIG GET is not available; OBJECT FREQ answers)';
export const PROBED_NOT_LFU = 'not an LFU policy (CONFIG GET is not available; OBJECT FREQ refuses)';

/**
 * Managed and hardened servers often rename or forbid CONFIG. OBJECT FREQ on any key then tells whether
 * an LFU policy is active: it answers only under one. An empty keyspace or a refused probe: unknown (null).
 */
async function probeLfu(client: RedisClient): Promise<string | null> {
  try {
    const db = /^db(\d+):keys=[1-9]/m.exec(await client.info('keyspace'))?.[1];
    if (db === undefined) return null;
    await client.select(Number(db));
    const key = await client.randomKey();
    if (key === null) return null;
    await client.sendCommand(['OBJECT', 'FREQ', String(key)]);
    return PROBED_LFU;
  } catch (error) {
    return /LFU/i.test(describeRedisError(error)) ? PROBED_NOT_LFU : null;
  }
}

/** Eligibility in the words an operator acts on: what is wrong and what to change. */
export function judgeEligibility(facts: ServerFacts, where: string): Eligibility {
  const major = majorVersion(facts.version);
  if (!(major >= 4)) {
    return { ok: false, reason: `${where}runs Redis ${facts.version}; hot key analysis needs Redis 4.0 or later` };
  }
  if (facts.policy === null) {
    return {
      ok: false,
      reason: `${where}cannot read maxmemory-policy (CONFIG GET refused: ${facts.configError ?? 'no answer'})`,
    };
  }
  if (!LFU_POLICIES.has(facts.policy) && facts.policy !== PROBED_LFU) {
    return {
      ok: false,
      reason: `${where}maxmemory-policy is ${facts.policy}; hot key analysis needs allkeys-lfu or volatile-lfu (CONFIG SET maxmemory-policy allkeys-lfu)`,
    };
  }
  return { ok: true, reason: null };
}

/** Where a master's slots start, so the shards read in slot order; one without slots goes last. */
const firstSlot = (master: ClusterMaster): number => Number.parseInt(master.slots, 10) || (master.slots ? 0 : 16384);

/** A cluster's servers as the summary lists them, in slot order: each master with its slots, then its replicas. */
const clusterShards = (masters: ClusterMaster[]): ClusterShard[] =>
  [...masters]
    .sort((a, b) => firstSlot(a) - firstSlot(b))
    .flatMap((master) => [
      { addr: master.shard, role: 'master' as const, slots: master.slots },
      ...master.replicas.map((addr) => ({ addr, role: 'replica' as const, slots: master.slots })),
    ]);

function summarize(
  source: RedisSourceConfig,
  mode: InstanceSummary['mode'],
  facts: { shard: string; facts: ServerFacts }[],
  masters: ClusterMaster[] = [],
): InstanceSummary {
  const verdicts = facts.map((f) => judgeEligibility(f.facts, mode === 'cluster' ? `master ${f.shard} ` : ''));
  const refused = verdicts.find((v) => !v.ok);
  const versions = [...new Set(facts.map((f) => f.facts.engineVersion))];
  const first = facts[0]?.facts;
  const known = first !== undefined && first.lfuLogFactor !== null && first.lfuDecayTime !== null;
  return {
    id: source.id,
    name: source.name,
    source: { id: source.id, kind: 'redis', name: source.name },
    ...(first ? { engine: first.engine } : {}),
    engine_version: versions.join(', ') || null,
    mode,
    shard_count: facts.length,
    ...(mode === 'cluster' ? { shards: clusterShards(masters) } : {}),
    status: 'RUNNING',
    eligibility: refused ?? { ok: true, reason: null },
    default_impact: source.impact ?? 'gentle',
    // MONITOR needs no eviction policy, so a server the LFU scan refuses can still be sampled.
    sampling: { ok: true, reason: null },
    lfu: {
      log_factor: known ? (first.lfuLogFactor ?? DEFAULT_LFU.log_factor) : DEFAULT_LFU.log_factor,
      decay_time: known ? (first.lfuDecayTime ?? DEFAULT_LFU.decay_time) : DEFAULT_LFU.decay_time,
      known,
    },
  };
}

export function unreachableSummary(source: RedisSourceConfig, error: unknown): InstanceSummary {
  return {
    id: source.id,
    name: source.name,
    source: { id: source.id, kind: 'redis', name: source.name },
    engine_version: null,
    mode: source.nodes ? 'cluster' : 'standalone',
    shard_count: 0,
    status: 'UNREACHABLE',
    eligibility: { ok: false, reason: `cannot reach the server: ${describeRedisError(error)}` },
    sampling: { ok: false, reason: `cannot reach the server: ${describeRedisError(error)}` },
  };
}

/** A server that accepts connections but never answers must not hang the picker or the health check. */
export const INSPECT_TIMEOUT_MS = 5_000;

/**
 * Reads one server's facts on a connection of its own, within one deadline for the connection and the reads
 * (a stopped server accepts TCP and then never answers): at the deadline the connect gives up, and destroying
 * the client rejects whatever read is pending.
 */
async function inspectServer(endpoint: RedisEndpoint, url: string, name: string): Promise<ServerFacts> {
  const deadline = new AbortController();
  let client: RedisClient | undefined;
  const timer = setTimeout(() => {
    deadline.abort();
    if (client) destroyQuietly(client);
  }, INSPECT_TIMEOUT_MS);
  try {
    client = await connectStandalone(endpoint, url, { signal: deadline.signal });
    return await readServerFacts(client);
  } catch (error) {
    const reason = deadline.signal.aborted
      ? `no answer within ${INSPECT_TIMEOUT_MS / 1000} s`
      : describeRedisError(error);
    throw new Error(`${name}: ${reason}`, { cause: error });
  } finally {
    clearTimeout(timer);
    if (client) destroyQuietly(client);
  }
}

export interface InstanceInspection {
  summary: InstanceSummary;
  /**
   * The servers an analysis of this instance would load: their run ids (a shard's address where a server
   * hides it). Two configured ids that name one server share them.
   */
  servers: string[];
}

const serversOf = (facts: { shard: string; facts: ServerFacts }[]): string[] =>
  facts.map((f) => f.facts.runId ?? f.shard);

/** Reads version, policy and LFU parameters of every master, each on its own short-lived connection. */
export async function inspectInstance(source: RedisSourceConfig, endpoint: RedisEndpoint): Promise<InstanceInspection> {
  try {
    if (endpoint.mode === 'standalone') {
      const url = endpoint.urls[0] ?? '';
      const host = new URL(url).host;
      const facts = [{ shard: host, facts: await inspectServer(endpoint, url, host) }];
      return { summary: summarize(source, 'standalone', facts), servers: serversOf(facts) };
    }
    // Each master is asked by name, so a dead one is named in the reason rather than hidden in the cluster.
    const masters = await discoverClusterMasters(endpoint);
    const facts = await Promise.all(
      masters.map(async (master) => ({
        shard: master.shard,
        facts: await inspectServer(endpoint, master.url, `master ${master.shard}`),
      })),
    );
    return { summary: summarize(source, 'cluster', facts, masters), servers: serversOf(facts) };
  } catch (error) {
    return { summary: unreachableSummary(source, error), servers: [] };
  }
}
