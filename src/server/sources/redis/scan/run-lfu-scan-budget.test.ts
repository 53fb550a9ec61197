import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskProgress } from '../../../../contract/hotkey-task';
import { type RedisServerProcess, startRedisServer } from '../../../local-redis/redis-server-process';
import { baselineMs } from '../probe/impact-probes';
import type { RedisEndpoint } from '../redis-connection';
import { runLfuScan } from './run-lfu-scan';
import {
  connect,
  disconnect,
  LFU_TEST_ARGS,
  type TestClient,
  waitUntil,
} from '../../../../../test-support/lfu-keyspace';

const KEYS = 500_000;

/**
 * Another client that holds the server for 2 ms every ~20 ms (DEBUG SLEEP), from the scan's first step on
 * (after the probe's baseline): the probe's p99 rises by about 2 ms, far past a budget of 0.1 ms and well
 * within one of 5 ms, even on a machine whose other work adds its own delays.
 */
function blockerFromFirstStep(client: TestClient) {
  let running = false;
  let loop: Promise<void> = Promise.resolve();
  return {
    onProgress: (p: TaskProgress) => {
      if (running || p.scanned === 0) return;
      running = true;
      loop = (async () => {
        while (running) {
          await client.sendCommand(['DEBUG', 'SLEEP', '0.002']);
          await new Promise((r) => setTimeout(r, 18));
        }
      })();
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe('a gentle scan keeps its latency budget', () => {
  let server: RedisServerProcess;
  let client: TestClient;
  let blocking: TestClient;
  let endpoint: RedisEndpoint;

  beforeAll(async () => {
    server = await startRedisServer({ args: LFU_TEST_ARGS });
    client = await connect(server.url);
    blocking = await connect(server.url);
    await client.sendCommand(['DEBUG', 'POPULATE', String(KEYS), 'bulk']);
    // SCAN costs more while the keyspace is still rehashing after the bulk load: both runs see it settled.
    await waitUntil(
      async () => !String(await client.sendCommand(['DEBUG', 'HTSTATS', '0'])).includes('rehashing target'),
      60_000,
    );
    endpoint = { mode: 'standalone', urls: [server.url], tls: false };
  }, 90_000);

  afterAll(async () => {
    disconnect(client);
    disconnect(blocking);
    await server?.stop();
  });

  it('goes slower on a budget of 0.1 ms than on one of 5 ms, under the same load', async () => {
    const roomy = blockerFromFirstStep(blocking);
    const generous = await runLfuScan({
      endpoint,
      topN: 10,
      impact: 'gentle',
      latencyBudgetMs: 5,
      onProgress: roomy.onProgress,
    }).finally(() => roomy.stop());
    expect(generous.keys).toHaveLength(10);
    expect(generous.impact.budget_ms).toBe(5);

    // The tight run has its baseline plus twice the generous run's scan to finish in, and must not.
    const deadlineMs = baselineMs(1) + 2 * generous.impact.during_ms;
    const tight = blockerFromFirstStep(blocking);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort('cancelled'), deadlineMs);
    const started = performance.now();
    const outcome = await runLfuScan({
      endpoint,
      topN: 10,
      impact: 'gentle',
      latencyBudgetMs: 0.1,
      signal: controller.signal,
      onProgress: tight.onProgress,
    })
      .then(
        (result) => `finished in ${(performance.now() - started).toFixed(0)} ms, ${result.impact.backoffs} backoffs`,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      )
      .finally(() => {
        clearTimeout(timer);
        return tight.stop();
      });
    expect(outcome, `5 ms budget: scan of ${generous.impact.during_ms} ms, ${generous.impact.backoffs} backoffs`).toBe(
      'cancelled',
    );
  }, 60_000);
});
