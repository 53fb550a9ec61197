import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONTRACT_CREDENTIALS,
  type DcsContractServer,
  type DcsContractServerOptions,
  startDcsContractServer,
} from './dcs-contract-server';
import { type ConfigInput, configSchema } from '../src/server/config/config-schema';
import type { Clock } from '../src/server/schedule/clock';
import { type RunningDashboard, startDashboard } from '../src/server/start-dashboard';

export interface DcsDashboard {
  server: DcsContractServer;
  dashboard: RunningDashboard;
  close(): Promise<void>;
}

/**
 * A BFF whose one source is a DCS project on the contract server, signed with AK/SK from its environment:
 * the setup every test of the cloud path through the whole BFF starts from.
 */
export async function startDcsDashboard(
  options: { server?: DcsContractServerOptions; config?: Omit<ConfigInput, 'sources'>; clock?: Clock } = {},
): Promise<DcsDashboard> {
  const server = await startDcsContractServer(options.server);
  const dataDir = mkdtempSync(join(tmpdir(), 'hotkeys-dcs-'));
  const config = configSchema.parse({
    ...options.config,
    sources: [
      {
        kind: 'dcs',
        id: 'cloud',
        name: 'Cloud',
        endpoint: server.url,
        projectId: server.projectId,
        auth: { method: 'aksk', akEnv: 'DCS_AK', skEnv: 'DCS_SK' },
      },
    ],
  });
  const env = { DCS_AK: CONTRACT_CREDENTIALS.ak, DCS_SK: CONTRACT_CREDENTIALS.sk };
  const dashboard = await startDashboard({
    config,
    dataDir,
    host: '127.0.0.1',
    port: 0,
    env,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    server,
    dashboard,
    async close() {
      await dashboard.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
