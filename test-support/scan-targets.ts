import { type RedisServerProcess, startRedisServer } from '../src/server/local-redis/redis-server-process';
import { seedStandalone } from '../src/server/local-redis/seed-workload';
import { connect, disconnect, LFU_TEST_ARGS } from './lfu-keyspace';

export interface ScanTargets {
  /** A few hundred seeded keys: an analysis of it succeeds within a second. */
  small: RedisServerProcess;
  /** 300,000 keys: a gentle scan of it runs for seconds, long enough to be caught (or killed) in the middle. */
  big: RedisServerProcess;
  /** The two as sources of a configuration, ids `small` and `big`. */
  sources: { kind: 'redis'; id: string; name: string; url: string }[];
  stop(): Promise<void>;
}

/** Two real LFU servers for tests about analyses that run: one done at once, one still running when asked. */
export async function startScanTargets(): Promise<ScanTargets> {
  const [small, big] = await Promise.all([
    startRedisServer({ args: LFU_TEST_ARGS }),
    startRedisServer({ args: LFU_TEST_ARGS }),
  ]);
  await seedStandalone(small.url, 1, { coldKeys: 200, warmKeys: 5, hottestHits: 2000 });
  const client = await connect(big.url);
  await client.sendCommand(['DEBUG', 'POPULATE', '300000', 'bulk']);
  disconnect(client);
  return {
    small,
    big,
    sources: [
      { kind: 'redis', id: 'small', name: 'Small', url: small.url },
      { kind: 'redis', id: 'big', name: 'Big', url: big.url },
    ],
    stop: async () => {
      await Promise.all([small.stop(), big.stop()]);
    },
  };
}
