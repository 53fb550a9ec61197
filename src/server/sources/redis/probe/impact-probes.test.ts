import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../local-redis/free-port';
import { type RedisServerProcess, startRedisServer } from '../../../local-redis/redis-server-process';
import type { RedisEndpoint } from '../redis-connection';
import { ImpactProbes } from './impact-probes';

let redis: RedisServerProcess;
const endpointOf = (url: string): RedisEndpoint => ({ mode: 'standalone', urls: [url], tls: false });

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis?.stop();
});

/** The BFF's thread kept busy `busyMs` at a time (a scan step's reply parsed, MONITOR lines read), for `forMs`. */
async function busyMainThread(busyMs: number, forMs: number): Promise<void> {
  const end = performance.now() + forMs;
  while (performance.now() < end) {
    const until = performance.now() + busyMs;
    while (performance.now() < until) {
      // busy: no event of this thread is handled meanwhile
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('the latency probes of an analysis', () => {
  it("time the server, not the BFF's own work: a thread busy 40 ms at a time leaves their p99 far below 40 ms", async () => {
    const endpoint = endpointOf(redis.url);
    const probes = await ImpactProbes.open(endpoint, [{ shard: null, url: redis.url }], new AbortController().signal);
    try {
      await probes.baseline(new AbortController().signal);
      await busyMainThread(40, 1500);
      await probes.stop();
      const report = probes.report({ budgetMs: 1, applied: true, backoffs: 0 });
      // About 500 PINGs in 1.5 s: the probes kept going while this thread was busy.
      expect(report.samples).toBeGreaterThan(200);
      expect(report.probe_p99_ms_during).toBeLessThan(20);
      // The baseline is the 0.6 s probed before the analysis, not the thread's start-up before the first PING.
      expect(report.before_ms).toBeGreaterThanOrEqual(550);
      expect(report.before_ms).toBeLessThan(900);
    } finally {
      probes.close();
    }
  });

  it('fail naming the server when it cannot be reached', async () => {
    const url = `redis://127.0.0.1:${await findFreePort()}`;
    await expect(
      ImpactProbes.open(endpointOf(url), [{ shard: null, url }], new AbortController().signal),
    ).rejects.toThrow(new RegExp(`^shard 127\\.0\\.0\\.1:\\d+: cannot connect`));
  });
});
