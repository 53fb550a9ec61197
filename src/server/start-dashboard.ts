import { getRequestListener, RequestError } from '@hono/node-server';
import { createServer, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { createApp, malformedRequestResponse } from './app';
import { AlertService } from './alerts/alert-service';
import { AlertStore } from './alerts/alert-store';
import { DcsTaskWatch } from './alerts/dcs-task-watch';
import { resolveWebhook } from './alerts/alerts-config';
import { Authenticator } from './auth/authenticator';
import { isLoopbackHost } from './config/loopback';
import { ApiError } from './http/api-error';
import { HostAllowList } from './http/host-allow-list';
import { StartLimiter } from './http/start-limiter';
import type { Config } from './config/config-schema';
import { log } from './log';
import { createDashboardMetrics } from './metrics/dashboard-metrics';
import { describeListenError } from './port-check';
import { type Clock, systemClock } from './schedule/clock';
import { scheduleTargets } from './schedule/schedule-targets';
import { Scheduler } from './schedule/scheduler';
import { ScheduleStore } from './schedule/schedule-store';
import { createSources } from './sources/create-sources';
import { SourceRegistry } from './sources/source-registry';
import { openStore } from './store/open-store';
import { Replica } from './store/replica';
import { StoreHealth, unlessStoreUnavailable } from './store/store-health';
import { TaskStore } from './store/task-store';
import { KeyHistoryStore } from './history/key-history-store';
import { WatchService } from './watch/watch-service';
import { WatchStore } from './watch/watch-store';

export interface DashboardOptions {
  config: Config;
  dataDir: string;
  host: string;
  port: number;
  staticDir?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * What the scheduler, watches, the DCS task watch and the analyses' timestamps take for now; tests step it
   * through due minutes and watch intervals.
   */
  clock?: Clock;
  /** Waits between webhook tries; tests shorten them. */
  alertRetryDelayMs?: (attempt: number) => number;
}

export interface RunningDashboard {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Requests Node's HTTP parser refuses never reach the app; they get its JSON error and headers all the same. */
async function refuseUnparsable(error: NodeJS.ErrnoException, socket: Duplex): Promise<void> {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const response = await malformedRequestResponse(status);
  const body = await response.text();
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    ...[...response.headers].map(([name, value]) => `${name}: ${value}`),
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/** Opens the store, builds the sources and serves API and SPA on one origin. */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  // Configuration problems stop start-up before anything is opened or written.
  const authenticator = new Authenticator(options.config.auth, options.host, options.env);
  const webhook = resolveWebhook(options.config.alerts, options.env ?? process.env);
  let listeningPort = options.port;
  const hosts = new HostAllowList({
    host: options.host,
    port: () => listeningPort,
    publicUrl: options.config.publicUrl,
    allowedHosts: options.config.allowedHosts,
  });
  const storeConfig = options.config.store;
  const db = await openStore(storeConfig, options.dataDir, options.env ?? process.env);
  const replica = new Replica(db, {
    timeoutMs: storeConfig.kind === 'postgres' ? storeConfig.replicaTimeoutSeconds * 1000 : undefined,
  });
  await replica.register();
  authenticator.useStore(db);
  const storeHealth = new StoreHealth(() => db.probeWrite());
  const store = new TaskStore(db, storeHealth);
  const clock = options.clock ?? systemClock;
  const schedules = new ScheduleStore(db, () => clock.now(), storeHealth);
  let publicUrl = options.config.publicUrl?.replace(/\/+$/, '');
  const metrics = createDashboardMetrics({
    latestAnalyses: () => store.latestAnalyses(),
    sources: {
      listInstances: () => registry.listInstances(),
      reachability: (listing) => registry.reachability(listing),
    },
    topKeys: options.config.metrics.topKeys,
  });
  const alertStore = new AlertStore(db, storeHealth);
  const alerts = new AlertService({
    store: alertStore,
    webhook,
    describeInstance: async (id) => (await registry.resolve(id)).getInstance(id),
    taskUrl: (id, taskId) => `${publicUrl}/instances/${encodeURIComponent(id)}/tasks/${encodeURIComponent(taskId)}`,
    retryDelayMs: options.alertRetryDelayMs,
    onDeliveryEnded: (outcome) => metrics.counters.alertEnded(outcome),
    owner: replica.id,
  });
  const registry = new SourceRegistry(
    createSources(options.config, {
      store,
      owner: replica.id,
      env: options.env,
      autoscan: schedules,
      onTaskStarted: (task) => metrics.counters.analysisStarted(task),
      onTaskFinished: (task) => {
        metrics.counters.analysisEnded(task);
        alerts.onTaskFinished(task);
      },
      now: () => clock.now(),
    }),
  );
  const watches = new WatchService({ store: new WatchStore(db, storeHealth), tasks: store, clock, owner: replica.id });
  const scheduler = new Scheduler({
    clock,
    schedules,
    targets: scheduleTargets(options.config, registry.sources),
    activeTask: (id) => store.active(id),
    owner: replica.id,
  });
  // What gone replicas (an earlier life of this BFF, or a replica killed on another machine) left running will
  // never end: at start-up, and on every heartbeat, it is marked as interrupted.
  const sweep = async () => {
    const since = replica.aliveSince();
    const tasks = await unlessStoreUnavailable('mark interrupted analyses', () =>
      store.failOrphans(replica.id, since, new Date()),
    );
    if (tasks > 0) log.warn('analyses interrupted by a restart marked failed', { count: tasks });
    await unlessStoreUnavailable('mark interrupted watches', () => watches.interruptLeftovers(since));
    await alerts.failLeftovers(since);
    const abandoned = await unlessStoreUnavailable('settle abandoned due times', () =>
      schedules.settleAbandoned(replica.id, since),
    );
    if (abandoned > 0) log.warn('scheduled analyses abandoned by a restart', { count: abandoned });
  };
  await sweep();
  const dcsWatch = new DcsTaskWatch({
    clock,
    sources: registry.sources,
    watchedInstances: () => alertStore.enabledRuleInstances(),
    isKnown: async (id, taskId) => (await store.get(id, taskId)) !== undefined,
  });
  const app = createApp({
    registry,
    hosts,
    schedules,
    alerts,
    watches,
    keyHistory: new KeyHistoryStore(db),
    tasks: store,
    authenticator,
    startLimiter: new StartLimiter(options.config.startsPerMinute),
    insecureCookies: isLoopbackHost(options.host),
    staticDir: options.staticDir,
    metrics: { export: metrics, public: options.config.metrics.public },
    health: async () => {
      const storeState = await storeHealth.state();
      const sources = await registry.health();
      const ok = storeState === 'ok' && sources.every((s) => s.reachable);
      return { status: ok ? 'ok' : 'degraded', store: storeState, sources };
    },
  });
  const listener = getRequestListener(app.fetch, {
    hostname: options.host,
    errorHandler: (error) => {
      if (error instanceof RequestError) return malformedRequestResponse();
      log.error('request failed outside the app', { error: String(error) });
      return Response.json(ApiError.of('internal', 'internal error; see the BFF log').toBody(), { status: 500 });
    },
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer(listener);
    s.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => void refuseUnparsable(error, socket));
    s.once('error', (error) => reject(describeListenError(error, options.port)));
    s.listen(options.port, options.host, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  listeningPort = port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  publicUrl ??= url;
  replica.start(sweep);
  scheduler.start();
  dcsWatch.start();
  return {
    url,
    port,
    async close() {
      await scheduler.stop();
      await dcsWatch.stop();
      await watches.close();
      // Browsers keep idle connections open, and close() would wait for them for ever.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      await registry.close();
      await alerts.close();
      await replica.stop();
      await db.close();
    },
  };
}
