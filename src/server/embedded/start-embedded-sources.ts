import type { SourceConfig } from '../config/config-schema';
import { type RedisClusterProcesses, startRedisCluster } from '../local-redis/redis-cluster-processes';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { type SeededDatabase, seedCluster, seedStandalone } from '../local-redis/seed-workload';
import { ensureRedisServer } from './ensure-redis-server';

export const LFU_ARGS = ['--maxmemory-policy', 'allkeys-lfu'];

export interface EmbeddedSources {
  sources: SourceConfig[];
  seeded: { standalone: SeededDatabase[]; cluster: SeededDatabase[] };
  stop(): Promise<void>;
}

/**
 * With no configuration the dashboard runs on real local servers: a standalone redis-server with several
 * databases and a 3-master cluster, both LFU, both loaded with a skewed workload.
 */
export async function startEmbeddedSources(): Promise<EmbeddedSources> {
  ensureRedisServer();
  let standalone: RedisServerProcess | undefined;
  let cluster: RedisClusterProcesses | undefined;
  const stop = async () => {
    await Promise.all([standalone?.stop(), cluster?.stop()]);
  };
  try {
    [standalone, cluster] = await Promise.all([startRedisServer({ args: LFU_ARGS }), startRedisCluster(3, LFU_ARGS)]);
    const [seededStandalone, seededCluster] = await Promise.all([
      seedStandalone(standalone.url, 3),
      seedCluster(cluster.urls),
    ]);
    return {
      sources: [
        { kind: 'redis', id: 'local-standalone', name: 'Local Redis (standalone, 3 databases)', url: standalone.url },
        { kind: 'redis', id: 'local-cluster', name: 'Local Redis Cluster (3 masters)', nodes: cluster.urls },
      ],
      seeded: { standalone: seededStandalone, cluster: seededCluster },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
