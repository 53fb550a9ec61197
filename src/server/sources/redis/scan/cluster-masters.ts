import { type RedisEndpoint } from '../redis-connection';
import { ShardConnection } from './shard-connection';

export interface ClusterMaster {
  /** `ip:port` as the cluster reports it: the shard name users see. */
  shard: string;
  url: string;
  /** The slot ranges it serves, as CLUSTER NODES lists them (`0-5460`), migrations left out. */
  slots: string;
  /** `ip:port` of its replicas. */
  replicas: string[];
}

/** Splits `ip:port@cport[,hostname]`; ip may be IPv6 and is empty on a node that never met another. */
function hostPort(address: string, fallbackHost: string): { host: string; port: string } | undefined {
  const endpoint = address.split('@')[0] ?? '';
  const colon = endpoint.lastIndexOf(':');
  if (colon < 0) return undefined;
  return { host: endpoint.slice(0, colon) || fallbackHost, port: endpoint.slice(colon + 1) };
}

/** The masters that serve slots, from one `CLUSTER NODES` reply; a master without slots holds no keys. */
export function parseClusterMasters(nodes: string, seedUrl: string): ClusterMaster[] {
  const seed = new URL(seedUrl);
  const masters = new Map<string, ClusterMaster>();
  const replicas: { masterId: string; shard: string }[] = [];
  for (const line of nodes.split('\n')) {
    const [id, address, flags, masterId, , , , , ...slots] = line.trim().split(' ');
    const parsed = address ? hostPort(address, seed.hostname) : undefined;
    if (!id || !parsed || !flags) continue;
    const shard = `${parsed.host}:${parsed.port}`;
    const roles = flags.split(',');
    if (roles.includes('slave') && !roles.includes('fail') && masterId && masterId !== '-') {
      replicas.push({ masterId, shard });
    }
    if (!roles.includes('master') || slots.length === 0) continue;
    const url = new URL(seedUrl);
    url.hostname = parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
    url.port = parsed.port;
    const served = slots.filter((slot) => !slot.startsWith('[')).join(' ');
    masters.set(id, { shard, url: url.toString(), slots: served, replicas: [] });
  }
  for (const replica of replicas) masters.get(replica.masterId)?.replicas.push(replica.shard);
  return [...masters.values()];
}

/** Asks the seeds in turn; the first that answers describes the cluster. */
export async function discoverClusterMasters(endpoint: RedisEndpoint, signal?: AbortSignal): Promise<ClusterMaster[]> {
  const failures: string[] = [];
  for (const url of endpoint.urls) {
    const seed = new URL(url).host;
    let connection: ShardConnection | undefined;
    try {
      connection = await ShardConnection.open(endpoint, url, seed, { signal });
      const reply = await connection.wait(connection.send<Buffer>(['CLUSTER', 'NODES']));
      const masters = parseClusterMasters(reply.toString(), url);
      if (masters.length > 0) return masters;
      failures.push(`${seed}: no master serves slots`);
    } catch (error) {
      if (signal?.aborted) throw new Error('cancelled', { cause: error });
      failures.push(error instanceof Error ? error.message : String(error));
    } finally {
      connection?.close();
    }
  }
  throw new Error(`no cluster seed answered CLUSTER NODES (${failures.join('; ')})`);
}

/** One server an analysis works on: a standalone server (no shard name) or a cluster master. */
export interface ShardTarget {
  shard: string | null;
  url: string;
}

/** Every master of a cluster, or the one standalone server. */
export async function shardTargets(endpoint: RedisEndpoint, signal?: AbortSignal): Promise<ShardTarget[]> {
  if (endpoint.mode === 'cluster') return discoverClusterMasters(endpoint, signal);
  const url = endpoint.urls[0];
  if (!url) throw new Error('the source has no url');
  return [{ shard: null, url }];
}

/** How errors and progress name a target: its shard, or the standalone server's address. */
export const targetLabel = (target: ShardTarget): string => target.shard ?? new URL(target.url).host;
