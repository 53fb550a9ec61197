import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import type { RedisEndpoint } from '../sources/redis/redis-connection';
import { CONNECT_TIMEOUT_MS } from '../sources/redis/redis-connection';
import { runSampling } from '../sources/redis/sample/run-sampling';
import { runLfuScan } from '../sources/redis/scan/run-lfu-scan';
import { ShardConnection } from '../sources/redis/scan/shard-connection';
import { connect, disconnect, LFU_TEST_ARGS, waitUntil } from '../../../test-support/lfu-keyspace';

/**
 * A stopped server (SIGSTOP) still accepts TCP connections, in the kernel's backlog, and then answers nothing:
 * the connection's own timeout is over and the handshake waits. An analysis that started just before the server
 * stopped, or a port that is not Redis, meets the same.
 */
let server: RedisServerProcess;
let endpoint: RedisEndpoint;

beforeAll(async () => {
  server = await startRedisServer({ args: LFU_TEST_ARGS });
  endpoint = { mode: 'standalone', urls: [server.url], tls: false };
});

afterAll(async () => {
  await server?.stop();
});

/** Runs `body` while the server is stopped, then waits until it has closed every connection but one of its own. */
async function whileStopped(body: () => Promise<void>): Promise<void> {
  process.kill(server.pid, 'SIGSTOP');
  try {
    await body();
  } finally {
    process.kill(server.pid, 'SIGCONT');
  }
  const client = await connect(server.url);
  try {
    // What was given up on is closed: once the server runs again it sees each of those connections end.
    await waitUntil(async () => /connected_clients:1\r\n/.test(await client.info('clients')), 5000);
  } finally {
    disconnect(client);
  }
}

/** Aborts after the analysis has begun waiting for the stopped server. */
const abortSoon = (): AbortSignal => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  return controller.signal;
};

describe('a server that accepts connections and never answers', () => {
  it('fails a connection at its deadline, naming the shard and the reason', async () => {
    await whileStopped(async () => {
      await expect(ShardConnection.open(endpoint, server.url, 'shard-s', { timeoutMs: 300 })).rejects.toThrow(
        'shard shard-s: cannot connect: no answer within 0.3 s',
      );
    });
  });

  // Shorter than the connection deadline: a cancel must not wait for it.
  const beforeTheDeadline = CONNECT_TIMEOUT_MS - 1000;

  it(
    'ends a scan cancelled while it waits, closing what it opened',
    async () => {
      await whileStopped(async () => {
        await expect(runLfuScan({ endpoint, topN: 10, impact: 'gentle', signal: abortSoon() })).rejects.toThrow(
          'cancelled',
        );
      });
    },
    beforeTheDeadline,
  );

  it(
    'ends a sampling cancelled while it waits, closing what it opened',
    async () => {
      await whileStopped(async () => {
        await expect(
          runSampling({ endpoint, seconds: 1, topN: 10, byteLimit: 1024 * 1024, signal: abortSoon() }),
        ).rejects.toThrow('cancelled');
      });
    },
    beforeTheDeadline,
  );
});
