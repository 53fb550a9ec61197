import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONTRACT_CREDENTIALS,
  CONTRACT_IAM_USER,
  startDcsContractServer,
  type DcsContractServer,
  type DcsContractServerOptions,
} from './dcs-contract-server';
import { seededRandom } from '../src/server/local-redis/seeded-random';
import { dcsSourceSchema } from '../src/server/config/config-schema';
import { openDatabase } from '../src/server/store/sqlite-database';
import { TaskStore } from '../src/server/store/task-store';
import type { InstanceSource } from '../src/server/sources/instance-source';
import { createDcsSource, type DcsSourceTuning } from '../src/server/sources/dcs/dcs-source';

export type AuthMethod = 'aksk' | 'password';

/** The secrets a test source is given; no response or error may ever contain one of them. */
export const TEST_ENV = {
  DCS_AK: CONTRACT_CREDENTIALS.ak,
  DCS_SK: CONTRACT_CREDENTIALS.sk,
  DCS_PASSWORD: CONTRACT_IAM_USER.password,
};

/** Short timeouts and backoff, so that failure modes take milliseconds, not seconds. */
export const TEST_TUNING: Partial<DcsSourceTuning> = {
  requestTimeoutMs: 400,
  backoffBaseMs: 20,
  listPageSize: 5,
};

export interface SourceOptions {
  env?: Record<string, string>;
  now?: () => number;
  tuning?: Partial<DcsSourceTuning>;
  endpoint?: string;
  /** Temporary AK/SK credentials: the name of the variable holding the security token. */
  securityTokenEnv?: string;
}

export interface DcsHarness {
  server: DcsContractServer;
  store: TaskStore;
  source(method: AuthMethod, options?: SourceOptions): InstanceSource;
  close(): Promise<void>;
}

/** A contract server on a free loopback port, a task store in a fresh directory, and sources to test. */
export async function startHarness(options: DcsContractServerOptions = {}): Promise<DcsHarness> {
  const server = await startDcsContractServer(options);
  const dataDir = mkdtempSync(join(tmpdir(), 'dcs-source-'));
  const db = openDatabase(dataDir);
  const store = new TaskStore(db);
  const sources: InstanceSource[] = [];
  return {
    server,
    store,
    source(method, { env = TEST_ENV, now = options.now, tuning, endpoint = server.url, securityTokenEnv } = {}) {
      const config = dcsSourceSchema.parse({
        kind: 'dcs',
        id: `contract-${method}`,
        name: `Contract DCS (${method})`,
        endpoint,
        projectId: server.projectId,
        auth:
          method === 'aksk'
            ? { method: 'aksk', akEnv: 'DCS_AK', skEnv: 'DCS_SK', ...(securityTokenEnv ? { securityTokenEnv } : {}) }
            : {
                method: 'password',
                iamEndpoint: server.iamUrl,
                domain: CONTRACT_IAM_USER.domain,
                user: CONTRACT_IAM_USER.user,
                passwordEnv: 'DCS_PASSWORD',
              },
      });
      const source = createDcsSource(config, {
        store,
        env,
        ...(now ? { now } : {}),
        tuning: { ...TEST_TUNING, random: seededRandom(7), ...tuning },
      });
      sources.push(source);
      return source;
    },
    async close() {
      await Promise.all(sources.map((s) => s.close()));
      await server.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A clock the test moves by hand, shared by the contract server and the source. */
export function manualClock(start = Date.UTC(2026, 10, 28, 2, 0, 0)) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** The rejection of `promise`, which must reject. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
