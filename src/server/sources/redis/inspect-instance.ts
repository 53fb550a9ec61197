import type { Eligibility, InstanceSummary } from '../../../contract/instance-summary';
import type { RedisSourceConfig } from '../../config/config-schema';
import { DEFAULT_LFU } from '../../lfu/estimate-lfu';
import {
  connectCluster,
  connectStandalone,
  describeRedisError,
  type RedisClient,
  type RedisEndpoint,
} from './redis-connection';

const LFU_POLICIES = new Set(['allkeys-lfu', 'volatile-lfu']);

/** What one server (a standalone or one cluster master) says about itself. */
export interface ServerFacts {
  version: string;
  policy: string | null;
  lfuLogFactor: number | null;
  lfuDecayTime: number | null;
  /** Why CONFIG GET could not be read (renamed or refused by an ACL), when it could not. */
  configError: string | null;
}

const majorVersion = (version: string): number => Number.parseInt(version.split('.')[0] ?? '', 10);

async function readConfig(client: RedisClient, name: string): Promise<string | null> {
  const reply = await client.configGet(name);
  return reply[name] ?? null;
}

export async function readServerFacts(client: RedisClient): Promise<ServerFacts> {
  const info = await client.info('server');
  const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? 'unknown';
  try {
    const policy = await readConfig(client, 'maxmemory-policy');
    const factor = await readConfig(client, 'lfu-log-factor');
    const decay = await readConfig(client, 'lfu-decay-time');
    return {
      version,
      policy,
      lfuLogFactor: factor === null ? null : Number(factor),
      lfuDecayTime: decay === null ? null : Number(decay),
      configError: null,
    };
  } catch (error) {
    const configError = describeRedisError(error);
    return { version, policy: await probeLfu(client), lfuLogFactor: null, lfuDecayTime: null, configError };
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

function summarize(
  source: RedisSourceConfig,
  mode: InstanceSummary['mode'],
  facts: { shard: string; facts: ServerFacts }[],
): InstanceSummary {
  const verdicts = facts.map((f) => judgeEligibility(f.facts, mode === 'cluster' ? `master ${f.shard} ` : ''));
  const refused = verdicts.find((v) => !v.ok);
  const versions = [...new Set(facts.map((f) => f.facts.version))];
  const first = facts[0]?.facts;
  const known = first !== undefined && first.lfuLogFactor !== null && first.lfuDecayTime !== null;
  return {
    id: source.id,
    name: source.name,
    source: { id: source.id, kind: 'redis', name: source.name },
    engine_version: versions.join(', ') || null,
    mode,
    shard_count: facts.length,
    status: 'RUNNING',
    eligibility: refused ?? { ok: true, reason: null },
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

/** A server that accepts connections but never answers must not hang the picker. */
export const INSPECT_TIMEOUT_MS = 5_000;

/** Destroying the connection rejects whatever is still pending on it. */
function destroyAfter(connection: { destroy(): void }, ms: number): () => void {
  const timer = setTimeout(() => connection.destroy(), ms);
  return () => clearTimeout(timer);
}

/** Connects, reads version, policy and LFU parameters of every master, and disconnects. */
export async function inspectInstance(source: RedisSourceConfig, endpoint: RedisEndpoint): Promise<InstanceSummary> {
  const started = Date.now();
  try {
    if (endpoint.mode === 'standalone') {
      const client = await connectStandalone(endpoint);
      const cancel = destroyAfter(client, INSPECT_TIMEOUT_MS);
      try {
        const url = new URL(endpoint.urls[0] ?? '');
        return summarize(source, 'standalone', [{ shard: url.host, facts: await readServerFacts(client) }]);
      } finally {
        cancel();
        client.destroy();
      }
    }
    const cluster = await connectCluster(endpoint);
    const cancel = destroyAfter(cluster, INSPECT_TIMEOUT_MS);
    try {
      const facts = await Promise.all(
        cluster.masters.map(async (master) => ({
          shard: `${master.host}:${master.port}`,
          facts: await readServerFacts((await cluster.nodeClient(master)) as unknown as RedisClient),
        })),
      );
      return summarize(source, 'cluster', facts);
    } finally {
      cancel();
      cluster.destroy();
    }
  } catch (error) {
    const timedOut = Date.now() - started >= INSPECT_TIMEOUT_MS;
    return unreachableSummary(source, timedOut ? new Error(`no answer within ${INSPECT_TIMEOUT_MS / 1000} s`) : error);
  }
}
