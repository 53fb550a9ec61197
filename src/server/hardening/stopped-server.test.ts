import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServerProcess, startRedisServer } from '../local-redis/redis-server-process';
import { CONNECT_TIMEOUT_MS, connectStandalone, type RedisEndpoint } from '../sources/redis/redis-connection';
import type { TaskProgress } from '../../contract/hotkey-task';
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
  await expectAllClosed();
}

async function expectAllClosed(): Promise<void> {
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

describe('a server that stops answering while a sampling runs', () => {
  /**
   * Stops the server at the first progress `when` accepts and cancels 200 ms later; resolves with the sampling's
   * error and how long after the cancel it came.
   */
  async function stopThenCancel(seconds: number, when: (p: TaskProgress) => boolean) {
    const controller = new AbortController();
    let cancelledAt = 0;
    let stopped = false;
    const running = runSampling({
      endpoint,
      seconds,
      topN: 10,
      byteLimit: 1024 * 1024,
      signal: controller.signal,
      onProgress: (progress) => {
        if (stopped || !when(progress)) return;
        stopped = true;
        process.kill(server.pid, 'SIGSTOP');
        setTimeout(() => {
          cancelledAt = performance.now();
          controller.abort();
        }, 200);
      },
    });
    try {
      const error = await running.then(
        () => undefined,
        (e: unknown) => e,
      );
      return { error, afterCancelMs: performance.now() - cancelledAt };
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
  }

  // A cancel must not wait for a command's limit (10 s) or a connection's (5 s): well under both.
  const PROMPTLY_MS = CONNECT_TIMEOUT_MS - 2000;

  it('ends at once when cancelled in the window', async () => {
    const { error, afterCancelMs } = await stopThenCancel(5, (p) => p.scanned > 0);
    expect(error).toMatchObject({ message: 'cancelled' });
    expect(afterCancelMs).toBeLessThan(PROMPTLY_MS);
    await expectAllClosed();
  });

  it('ends at once when cancelled while it measures the keys it found', async () => {
    // Traffic for the window to find, so that measuring has keys to read.
    const traffic = await connect(server.url);
    let sending = true;
    const sent = (async () => {
      while (sending) await traffic.get('sampled-key');
    })();
    try {
      const { error, afterCancelMs } = await stopThenCancel(1, (p) => p.shards.every((s) => s.done));
      expect(error).toMatchObject({ message: 'cancelled' });
      expect(afterCancelMs).toBeLessThan(PROMPTLY_MS);
    } finally {
      sending = false;
      await sent.catch(() => undefined);
      disconnect(traffic);
    }
    await expectAllClosed();
  });
});

describe('a connection given up on before TCP is up', () => {
  it('is closed once the server accepts it', async () => {
    // A stopped server whose accept queue is full: a new connection waits for TCP itself (its SYNs dropped).
    const queued = await startRedisServer({ args: [...LFU_TEST_ARGS, '--tcp-backlog', '1'] });
    const checker = await connect(queued.url);
    const stat = async (name: string) =>
      Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(await checker.info())?.[1] ?? NaN);
    const received = await stat('total_connections_received');
    process.kill(queued.pid, 'SIGSTOP');
    const fillers = [0, 1].map(() => tcpConnect(queued.port, '127.0.0.1').on('error', () => undefined));
    try {
      // Both in the queue before the connection under test, which then cannot be.
      await Promise.all(fillers.map((filler) => new Promise((resolve) => filler.once('connect', resolve))));
      const controller = new AbortController();
      const connecting = connectStandalone({ mode: 'standalone', urls: [queued.url], tls: false }, queued.url, {
        signal: controller.signal,
      });
      controller.abort();
      await expect(connecting).rejects.toThrow('cancelled');
    } finally {
      for (const filler of fillers) filler.destroy();
      process.kill(queued.pid, 'SIGCONT');
    }
    try {
      // The late connection arrives (after the fillers) and is closed, leaving the checker alone.
      await waitUntil(async () => (await stat('total_connections_received')) >= received + 3, 10_000);
      await waitUntil(async () => (await stat('connected_clients')) === 1, 5_000);
    } finally {
      disconnect(checker);
      await queued.stop();
    }
  });
});
