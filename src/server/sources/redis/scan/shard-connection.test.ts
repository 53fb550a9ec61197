import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServerProcess, startRedisServer } from '../../../local-redis/redis-server-process';
import { ShardConnection } from './shard-connection';
import { connect, disconnect, LFU_TEST_ARGS } from '../../../../../test-support/lfu-keyspace';

describe('ShardConnection', () => {
  let server: RedisServerProcess;

  beforeAll(async () => {
    server = await startRedisServer({ args: LFU_TEST_ARGS });
  });

  afterAll(async () => {
    await server?.stop();
  });

  const endpoint = () => ({ mode: 'standalone' as const, urls: [server.url], tls: false });

  it('times out a command that hangs and fails the rest of the connection', async () => {
    const connection = await ShardConnection.open(endpoint(), server.url, 'shard-x', { timeoutMs: 300 });
    const blocker = await connect(server.url);
    try {
      const sleeping = blocker.sendCommand(['DEBUG', 'SLEEP', '1']);
      const ping = connection.wait(connection.send(['PING']));
      await expect(ping).rejects.toThrow('shard shard-x: no reply within 0.3 s');
      await expect(connection.wait(connection.send(['PING']))).rejects.toThrow('shard shard-x: no reply within 0.3 s');
      await sleeping;
    } finally {
      connection.close();
      disconnect(blocker);
    }
  });

  it('names the shard when it cannot connect', async () => {
    await expect(ShardConnection.open(endpoint(), 'redis://127.0.0.1:1', 'shard-y')).rejects.toThrow(
      /^shard shard-y: cannot connect/,
    );
  });
});
