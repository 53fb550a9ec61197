import { createClient, createCluster } from 'redis';
import type { SourceConfig } from '../config/config-schema';
import { type RedisClusterProcesses, startRedisCluster } from '../local-redis/redis-cluster-processes';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { type SeededDatabase, seedCluster, seedStandalone } from '../local-redis/seed-workload';
import { type DemoWorkload, type DemoWorkloadOptions, startDemoWorkload, type WorkloadTarget } from './demo-workload';
import { ensureRedisServer } from './ensure-redis-server';

export const LFU_ARGS = ['--maxmemory-policy', 'allkeys-lfu'];

export interface EmbeddedSources {
  sources: SourceConfig[];
  seeded: { standalone: SeededDatabase[]; cluster: SeededDatabase[] };
  workload: DemoWorkload;
  stop(): Promise<void>;
}

const HOTTEST_SUFFIX = 'session:hottest';

/** The seeded keys of one database or shard, hottest first, and the prefix its own keys share. */
const keysOf = (seeded: SeededDatabase) => ({
  keys: [{ key: seeded.hottestKey, type: 'string' as const }, ...seeded.warmKeys],
  prefix: seeded.hottestKey.slice(0, -HOTTEST_SUFFIX.length),
});

/**
 * With no configuration the dashboard runs on real local servers: a standalone redis-server with several
 * databases and a 3-master cluster, both LFU, both loaded with a skewed workload and kept busy by a light
 * steady one (see demo-workload.ts), so that heat changes while the demo runs.
 */
export async function startEmbeddedSources(workloadOptions: DemoWorkloadOptions = {}): Promise<EmbeddedSources> {
  ensureRedisServer();
  let standalone: RedisServerProcess | undefined;
  let cluster: RedisClusterProcesses | undefined;
  let workload: DemoWorkload | undefined;
  const clients: { destroy(): void }[] = [];
  const stop = async () => {
    await workload?.stop();
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all([standalone?.stop(), cluster?.stop()]);
  };
  try {
    [standalone, cluster] = await Promise.all([startRedisServer({ args: LFU_ARGS }), startRedisCluster(3, LFU_ARGS)]);
    const [seededStandalone, seededCluster] = await Promise.all([
      seedStandalone(standalone.url, 3),
      seedCluster(cluster.urls),
    ]);
    const targets: WorkloadTarget[] = [];
    for (const seeded of seededStandalone) {
      // Named, so that a sampling of the demo shows who drives its keys the way CLIENT SETNAME makes it show.
      const client = createClient({ url: standalone.url, database: seeded.db, name: `demo-workload-db${seeded.db}` });
      client.on('error', () => undefined);
      clients.push(client);
      await client.connect();
      targets.push({ sender: { send: (_key, args) => client.sendCommand(args) }, ...keysOf(seeded) });
    }
    const router = createCluster({
      rootNodes: cluster.urls.map((url) => ({ url })),
      defaults: { name: 'demo-workload' },
    });
    router.on('error', () => undefined);
    clients.push(router);
    await router.connect();
    for (const seeded of seededCluster) {
      targets.push({ sender: { send: (key, args) => router.sendCommand(key, false, args) }, ...keysOf(seeded) });
    }
    workload = startDemoWorkload(targets, workloadOptions);
    return {
      sources: [
        { kind: 'redis', id: 'local-standalone', name: 'Local Redis (standalone, 3 databases)', url: standalone.url },
        { kind: 'redis', id: 'local-cluster', name: 'Local Redis Cluster (3 masters)', nodes: cluster.urls },
      ],
      seeded: { standalone: seededStandalone, cluster: seededCluster },
      workload,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
