import { Hono } from 'hono';
import type { AlertService } from './alerts/alert-service';
import type { Authenticator } from './auth/authenticator';
import { answerError } from './http/answer-error';
import { ApiError } from './http/api-error';
import type { AppEnv } from './http/app-env';
import { auditStateChanges } from './http/audit-state-changes';
import { authenticate } from './http/authenticate';
import { checkHost } from './http/check-host';
import { countRequests } from './http/count-requests';
import type { HostAllowList } from './http/host-allow-list';
import { requestBodyLimit } from './http/body-limit';
import { noStore, securityHeaders } from './http/security-headers';
import { stateChangeRules } from './http/state-change-rules';
import { emptyBodyAsEmptyObject } from './http/validate';
import type { StartLimiter } from './http/start-limiter';
import type { DashboardMetrics } from './metrics/dashboard-metrics';
import { alertRoutes } from './routes/alert-routes';
import { autoscanRoutes } from './routes/autoscan-routes';
import { instanceRoutes } from './routes/instance-routes';
import { keyHistoryRoutes } from './routes/key-history-routes';
import { metricsRoutes } from './routes/metrics-routes';
import { sessionRoutes } from './routes/session-routes';
import { spaRoutes } from './routes/spa-routes';
import { taskRoutes } from './routes/task-routes';
import { watchRoutes } from './routes/watch-routes';
import type { ScheduleStore } from './schedule/schedule-store';
import type { SourceRegistry } from './sources/source-registry';
import type { KeyHistoryStore } from './history/key-history-store';
import type { TaskStore } from './store/task-store';
import type { WatchService } from './watch/watch-service';

export { malformedRequestResponse } from './http/malformed-request';

export interface AppDeps {
  registry: SourceRegistry;
  /** The Host names this dashboard serves; requests for any other are refused before any route. */
  hosts: HostAllowList;
  authenticator: Authenticator;
  startLimiter: StartLimiter;
  /** Whether session cookies may go without `Secure`: a loopback HOST, unless a proxy reports https. */
  insecureCookies: boolean;
  /** The built SPA; omitted in API-only tests. */
  staticDir?: string;
  health: () => Promise<unknown>;
  /** The BFF's own schedules and alerts (redis sources); their routes exist only when given. */
  schedules?: ScheduleStore;
  alerts?: AlertService;
  /** Key timelines and watches read the BFF's records; their routes exist only when given. */
  keyHistory?: KeyHistoryStore;
  tasks?: Pick<TaskStore, 'active'>;
  watches?: WatchService;
  /** `GET /metrics` and the request counts; `public` serves it without sign-in (the Host check still applies). */
  metrics?: { export: DashboardMetrics; public: boolean };
}

/**
 * The BFF: the middleware chain every request passes (headers, limits, audit, identity and the
 * state-change rules), then the routes of each domain. Nothing else happens here.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { registry, authenticator } = deps;
  const app = new Hono<AppEnv>();
  app.onError(answerError);
  if (deps.metrics) app.use('*', countRequests(deps.metrics.export.counters));
  app.use('*', securityHeaders);
  // Audited from here on: a refused Host or identity is a refused state change too.
  app.use('/api/*', noStore, requestBodyLimit, auditStateChanges);
  app.use('*', checkHost(deps.hosts));
  app.use('/api/*', authenticate(authenticator), stateChangeRules(deps.hosts));
  app.on(['POST', 'PUT', 'DELETE', 'PATCH'], '/api/*', emptyBodyAsEmptyObject);

  const api = new Hono<AppEnv>();
  api.get('/health', async (c) => c.json(await deps.health()));
  api.route('/', sessionRoutes(deps));
  api.route('/instances', instanceRoutes(registry));
  api.route('/instances', taskRoutes(deps));
  api.route('/instances', autoscanRoutes(deps));
  if (deps.alerts) api.route('/instances', alertRoutes({ registry, alerts: deps.alerts }));
  if (deps.keyHistory && deps.tasks) {
    api.route('/instances', keyHistoryRoutes({ registry, keyHistory: deps.keyHistory, tasks: deps.tasks }));
  }
  if (deps.watches && deps.keyHistory) {
    const { watches, keyHistory, startLimiter } = deps;
    api.route('/instances', watchRoutes({ registry, watches, keyHistory, startLimiter }));
  }
  api.all('*', (c) => {
    throw ApiError.of('notFound', `no API route ${c.req.method} ${c.req.path}`);
  });
  app.route('/api', api);

  if (deps.metrics) {
    // Key names are what it exports: the API's sign-in, unless the operator opened it to a private network.
    app.use('/metrics', noStore);
    if (!deps.metrics.public) app.use('/metrics', authenticate(authenticator));
    app.route('/', metricsRoutes(deps.metrics.export));
  }

  if (deps.staticDir) app.route('/', spaRoutes(deps.staticDir, authenticator));
  app.notFound((c) => c.json(ApiError.of('notFound', 'not found').toBody(), 404));
  return app;
}
