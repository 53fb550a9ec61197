import { type ServerType, serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { Authenticator } from './auth/authenticator';
import { isLoopbackHost } from './auth/loopback';
import { StartLimiter } from './http/start-limiter';
import type { Config } from './config/config-schema';
import { log } from './log';
import { createSources } from './sources/create-sources';
import { SourceRegistry } from './sources/source-registry';
import { TaskStore } from './store/task-store';

export interface DashboardOptions {
  config: Config;
  dataDir: string;
  host: string;
  port: number;
  staticDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RunningDashboard {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Opens the store, builds the sources and serves API and SPA on one origin. */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  // Configuration problems stop start-up before anything is opened or written.
  const authenticator = new Authenticator(options.config.auth, options.host, options.env);
  const store = TaskStore.open(options.dataDir);
  const interrupted = store.failInterrupted();
  if (interrupted > 0) log.warn('analyses interrupted by a restart marked failed', { count: interrupted });
  const registry = new SourceRegistry(createSources(options.config, { store, env: options.env }));
  const app = createApp({
    registry,
    authenticator,
    startLimiter: new StartLimiter(options.config.startsPerMinute),
    insecureCookies: isLoopbackHost(options.host),
    staticDir: options.staticDir,
    health: async () => {
      const sources = await registry.health();
      return { status: sources.every((s) => s.reachable) ? 'ok' : 'degraded', store: 'ok', sources };
    },
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await registry.close();
      store.close();
    },
  };
}
