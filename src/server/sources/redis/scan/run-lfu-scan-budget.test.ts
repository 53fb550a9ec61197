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
import { serverBlocker } from '../../../../../test-support/server-blocker';

const KEYS = 500_000;

/**
 * Another client holds the server for 2 ms every ~20 ms from the scan's first step on (after the probe's
 * baseline): the probe's p99 rises by about 2 ms, far past a budget of 0.1 ms and well within one of 5 ms,
 * even on a machine whose other work adds its own delays.
 */
function blockerFromFirstStep(client: TestClient) {
  const blocker = serverBlocker(client, 2, 18);
  return { onProgress: (p: TaskProgress) => p.scanned > 0 && blocker.start(), stop: blocker.stop };
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

    // The tight run is stopped once it has taken four times as long: slower by that much, it needs no more.
    const capMs = baselineMs(1) + 4 * generous.impact.during_ms;
    const tight = blockerFromFirstStep(blocking);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort('cancelled'), capMs);
    const outcome = await runLfuScan({
      endpoint,
      topN: 10,
      impact: 'gentle',
      latencyBudgetMs: 0.1,
      signal: controller.signal,
      onProgress: tight.onProgress,
    })
      .then(
        ({ impact }) => impact,
        (error: unknown) => {
          if (!controller.signal.aborted) throw error;
          return 'slower than 4x';
        },
      )
      .finally(() => {
        clearTimeout(timer);
        return tight.stop();
      });
    if (typeof outcome === 'string') return;
    // On a machine whose own delays blur the probe, the tight budget still backs off more and costs time.
    const figures = `0.1 ms: ${outcome.during_ms} ms, ${outcome.backoffs} backoffs; 5 ms: ${generous.impact.during_ms} ms, ${generous.impact.backoffs} backoffs`;
    expect(outcome.backoffs, figures).toBeGreaterThan(generous.impact.backoffs);
    expect(outcome.during_ms / generous.impact.during_ms, figures).toBeGreaterThan(1.3);
  }, 60_000);
});
