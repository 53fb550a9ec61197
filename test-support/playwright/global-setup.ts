import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../src/server/config/config-schema';
import { SERVER_OUTFILE } from '../../scripts/build-server';
import { LFU_ARGS } from '../../src/server/embedded/start-embedded-sources';
import { findFreePort } from '../../src/server/local-redis/free-port';
import { startRedisCluster } from '../../src/server/local-redis/redis-cluster-processes';
import { startRedisServer } from '../../src/server/local-redis/redis-server-process';
import { seedCluster, seedStandalone } from '../../src/server/local-redis/seed-workload';
import { CONTRACT_CREDENTIALS, startDcsContractServer } from '../dcs-contract-server';
import { E2E_STATE_VAR, type E2EState } from './e2e-state';
import { INSTANCES } from './fixtures';

const DCS_SOURCE_ID = 'e2e-dcs';

async function waitForHealth(baseUrl: string, bff: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (bff.exitCode !== null) throw new Error(`the BFF exited with ${bff.exitCode}: ${output()}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the BFF did not become healthy: ${output()}`);
}

/**
 * Starts real servers for the specs: a standalone LFU redis-server with three seeded databases, a 3-master
 * LFU cluster, a server without an LFU policy, and the compiled BFF (`dist/server/main.js`, serving the built
 * SPA).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const [standalone, noLfu, cluster] = await Promise.all([
    startRedisServer({ args: LFU_ARGS }),
    startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lru'] }),
    startRedisCluster(3, LFU_ARGS),
  ]);
  const seed = { coldKeys: 1500, warmKeys: 20, hottestHits: 20_000 };
  const [seededStandalone, seededCluster] = await Promise.all([
    seedStandalone(standalone.url, 3, seed),
    seedCluster(cluster.urls, seed),
  ]);

  // The cloud path runs against the DCS contract server, signed with AK/SK from the environment.
  const dcs = await startDcsContractServer({ taskTiming: { waitingMs: 500, runningMs: 1500 } });

  const dir = mkdtempSync(join(tmpdir(), 'hotkeys-e2e-'));
  const config: ConfigInput = {
    topN: 100,
    // the specs start many analyses in a minute as one user
    startsPerMinute: 1000,
    sources: [
      { kind: 'redis', id: INSTANCES.standalone, name: 'E2E standalone', url: standalone.url },
      { kind: 'redis', id: INSTANCES.cluster, name: 'E2E cluster', nodes: cluster.urls },
      { kind: 'redis', id: INSTANCES.noLfu, name: 'E2E no LFU', url: noLfu.url },
      {
        kind: 'dcs',
        id: DCS_SOURCE_ID,
        name: 'E2E DCS (contract server)',
        endpoint: dcs.url,
        projectId: dcs.projectId,
        auth: { method: 'aksk', akEnv: 'E2E_DCS_AK', skEnv: 'E2E_DCS_SK' },
      },
    ],
  };
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const port = await findFreePort();
  // What ships: `npm run test:e2e` builds first, and the BFF runs as `npm start` runs it, with plain node.
  const bff = spawn(process.execPath, [SERVER_OUTFILE], {
    env: {
      ...process.env,
      HOTKEYS_CONFIG: configFile,
      HOTKEYS_DATA_DIR: join(dir, 'data'),
      PORT: String(port),
      E2E_DCS_AK: CONTRACT_CREDENTIALS.ak,
      E2E_DCS_SK: CONTRACT_CREDENTIALS.sk,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  bff.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  bff.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const teardown = async () => {
    bff.kill('SIGTERM');
    await Promise.all([standalone.stop(), noLfu.stop(), cluster.stop(), dcs.close()]);
    rmSync(dir, { recursive: true, force: true });
    // Whatever the specs did, the BFF must never have logged a credential.
    const leaked = [CONTRACT_CREDENTIALS.ak, CONTRACT_CREDENTIALS.sk].filter((secret) => output.includes(secret));
    if (leaked.length > 0) throw new Error(`the BFF log of the e2e run contains ${leaked.length} DCS secret(s)`);
  };
  try {
    await waitForHealth(baseUrl, bff, () => output);
  } catch (error) {
    await teardown();
    throw error;
  }
  const state: E2EState = {
    baseUrl,
    seeded: { standalone: seededStandalone, cluster: seededCluster },
    redisUrls: { standalone: standalone.url, cluster: cluster.urls, noLfu: noLfu.url },
    dcs: { sourceId: DCS_SOURCE_ID },
  };
  process.env[E2E_STATE_VAR] = JSON.stringify(state);
  return teardown;
}
