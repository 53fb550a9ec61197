import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startRedisCluster } from '../../local-redis/redis-cluster-processes';
import { type RedisServerProcess, startRedisServer } from '../../local-redis/redis-server-process';
import { INSPECT_TIMEOUT_MS, inspectInstance, parseServerInfo } from './inspect-instance';
import { resolveEndpoint } from './redis-connection';

const servers: RedisServerProcess[] = [];
let noConfigLfu: RedisServerProcess;
let noConfigLru: RedisServerProcess;
let passworded: RedisServerProcess;

const fill = async (url: string, db: number) => {
  const client = createClient({ url });
  await client.connect();
  await client.select(db);
  await client.set('k', 'v');
  client.destroy();
};

beforeAll(async () => {
  const hidden = ['--rename-command', 'CONFIG', ''];
  [noConfigLfu, noConfigLru, passworded] = await Promise.all([
    startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lfu', ...hidden] }),
    startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lru', ...hidden] }),
    startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lfu', '--requirepass', 's3cret-pw-for-test'] }),
  ]);
  servers.push(noConfigLfu, noConfigLru, passworded);
  await Promise.all([fill(noConfigLfu.url, 3), fill(noConfigLru.url, 0)]);
});
afterAll(() => Promise.all(servers.map((s) => s.stop())));

const inspect = async (url: string, extra: Record<string, string> = {}) => {
  const source = { kind: 'redis' as const, id: 'x', name: 'X', url, ...extra };
  return (await inspectInstance(source, resolveEndpoint(source, { PW: 's3cret-pw-for-test' }))).summary;
};

describe('inspectInstance', () => {
  it('tells an LFU server apart without CONFIG, by whether OBJECT FREQ answers', async () => {
    const lfu = await inspect(noConfigLfu.url);
    expect(lfu.eligibility).toEqual({ ok: true, reason: null });
    expect(lfu.lfu?.known).toBe(false);
    const lru = await inspect(noConfigLru.url);
    expect(lru.eligibility.ok).toBe(false);
    expect(lru.eligibility.reason).toMatch(/not an LFU policy/);
  });

  it('authenticates with a password from the environment and never repeats it when refused', async () => {
    expect((await inspect(passworded.url, { passwordEnv: 'PW' })).status).toBe('RUNNING');
    const refused = await inspect(passworded.url.replace('//', '//:wrong-password-xyz@'));
    expect(refused.status).toBe('UNREACHABLE');
    expect(JSON.stringify(refused)).not.toMatch(/wrong-password-xyz|s3cret-pw-for-test/);
  });

  it('gives up on a server that accepts connections but never answers, instead of hanging', async () => {
    const stopped = await startRedisServer({ args: ['--requirepass', 'pw-for-stopped-server'] });
    servers.push(stopped);
    process.kill(stopped.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const summary = await inspect(stopped.url.replace('//', '//:pw-for-stopped-server@'));
      expect(summary.status).toBe('UNREACHABLE');
      expect(summary.eligibility.reason).toMatch(/no answer within 5 s/);
      expect(Date.now() - started).toBeLessThan(INSPECT_TIMEOUT_MS * 2);
    } finally {
      process.kill(stopped.pid, 'SIGCONT');
    }
  });

  it('names the engine and its version', async () => {
    const summary = await inspect(noConfigLfu.url);
    expect(summary.engine).toBe('redis');
    expect(summary.engine_version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('lists the shards of a cluster with their slots and role, and names the master that cannot be reached', async () => {
    const cluster = await startRedisCluster(3, ['--maxmemory-policy', 'allkeys-lfu']);
    try {
      const source = { kind: 'redis' as const, id: 'c', name: 'C', nodes: [cluster.urls[0]!] };
      const healthy = (await inspectInstance(source, resolveEndpoint(source, {}))).summary;
      // In slot order, whatever order CLUSTER NODES lists them in.
      const shards = healthy.shards ?? [];
      expect(shards.map((shard) => [shard.role, shard.slots])).toEqual([
        ['master', '0-5460'],
        ['master', '5461-10922'],
        ['master', '10923-16383'],
      ]);
      expect(shards.map((shard) => shard.addr).sort()).toEqual(cluster.nodes.map((n) => `127.0.0.1:${n.port}`).sort());

      await cluster.nodes[1]!.stop();
      const { summary } = await inspectInstance(source, resolveEndpoint(source, {}));
      expect(summary.status).toBe('UNREACHABLE');
      expect(summary.eligibility.reason).toContain(`master 127.0.0.1:${cluster.nodes[1]!.port}`);
    } finally {
      await cluster.stop();
    }
  });
});

describe('parseServerInfo', () => {
  it('names Valkey with its own version, not the Redis version it reports for compatibility', () => {
    const info = [
      '# Server',
      'redis_version:7.2.4',
      'server_name:valkey',
      'valkey_version:8.0.1',
      'redis_mode:standalone',
      'run_id:5c1b7e0ad6c2e3c9a1f3a5b0a1d4c2f6e7b8a9d0',
      '',
    ].join('\r\n');
    expect(parseServerInfo(info)).toEqual({
      version: '7.2.4',
      engine: 'valkey',
      engineVersion: '8.0.1',
      runId: '5c1b7e0ad6c2e3c9a1f3a5b0a1d4c2f6e7b8a9d0',
    });
  });

  it('reads a Redis server, which names no server_name before Redis 7.4', () => {
    expect(parseServerInfo('# Server\r\nredis_version:7.0.15\r\nredis_mode:cluster\r\n')).toEqual({
      version: '7.0.15',
      engine: 'redis',
      engineVersion: '7.0.15',
      runId: null,
    });
  });
});
