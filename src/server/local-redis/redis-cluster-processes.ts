import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createClient } from 'redis';
import { type RedisServerProcess, startRedisServer } from './redis-server-process';

const run = promisify(execFile);

export interface RedisClusterProcesses {
  nodes: RedisServerProcess[];
  urls: string[];
  stop(): Promise<void>;
}

async function clusterState(url: string): Promise<string> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const info = await client.sendCommand(['CLUSTER', 'INFO']);
    return /cluster_state:(\w+)/.exec(String(info))?.[1] ?? 'unknown';
  } finally {
    client.destroy();
  }
}

/**
 * A Redis Cluster of `masters` masters (no replicas) on free loopback ports: slots assigned with
 * `redis-cli --cluster create`, ready once every node reports cluster_state:ok.
 */
export async function startRedisCluster(masters = 3, args: string[] = []): Promise<RedisClusterProcesses> {
  const nodes: RedisServerProcess[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    for (let i = 0; i < masters; i++) nodes.push(await startRedisServer({ cluster: true, args }));
    const hosts = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...hosts, '--cluster-replicas', '0', '--cluster-yes']);
    const deadline = Date.now() + 20_000;
    for (const node of nodes) {
      while ((await clusterState(node.url)) !== 'ok') {
        if (Date.now() > deadline) throw new Error(`cluster node ${node.url} did not reach cluster_state:ok`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, urls: nodes.map((n) => n.url), stop };
}
