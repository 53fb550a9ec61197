import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startRedisCluster } from '../../local-redis/redis-cluster-processes';
import { type RedisServerProcess, startRedisServer } from '../../local-redis/redis-server-process';
import { INSPECT_TIMEOUT_MS, inspectInstance } from './inspect-instance';
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

  it('names the cluster master that cannot be reached', async () => {
    const cluster = await startRedisCluster(3, ['--maxmemory-policy', 'allkeys-lfu']);
    try {
      await cluster.nodes[1]!.stop();
      const source = { kind: 'redis' as const, id: 'c', name: 'C', nodes: [cluster.urls[0]!] };
      const { summary } = await inspectInstance(source, resolveEndpoint(source, {}));
      expect(summary.status).toBe('UNREACHABLE');
      expect(summary.eligibility.reason).toContain(`master 127.0.0.1:${cluster.nodes[1]!.port}`);
    } finally {
      await cluster.stop();
    }
  });
});
