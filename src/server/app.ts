import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { autoscanUpdateSchema } from '../contract/autoscan';
import { createTaskRequestSchema, type Task, taskListQuerySchema } from '../contract/hotkey-task';
import type { InstanceSummary } from '../contract/instance-summary';
import { type Me, type SessionInfo, signInRequestSchema } from '../contract/session';
import { type Authenticator, SESSION_COOKIE } from './auth/authenticator';
import type { AuthVariables } from './auth/identity';
import { ApiError, badRequest } from './http/api-error';
import { checkStateChange, isStateChange } from './http/request-rules';
import { instanceIdSchema, parseWith, taskIdSchema } from './http/route-params';
import type { StartLimiter } from './http/start-limiter';
import { DEFAULT_LFU, needsLfuEstimates, withLfuEstimates } from './lfu/estimate-lfu';
import { alertRoutes } from './alerts/alert-routes';
import type { AlertService } from './alerts/alert-service';
import { scheduleRoutes } from './schedule/schedule-routes';
import type { ScheduleStore } from './schedule/schedule-store';
import { log } from './log';
import type { InstanceSource } from './sources/instance-source';
import type { SourceRegistry } from './sources/source-registry';

export interface AppDeps {
  registry: SourceRegistry;
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
}

type Env = { Variables: AuthVariables };

const MAX_BODY_BYTES = 16 * 1024;

/** What a browser that bypassed the authenticating proxy sees instead of the SPA (which it may not load). */
const NOT_THROUGH_PROXY_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign in through the proxy</title>
<h1>You are not coming through the sign-in proxy</h1>
<p>This dashboard admits people only through its authenticating proxy. Open it at the address your team uses.</p></html>`;

/** Paths anyone may call: load balancers probe health, and signing in comes before knowing who you are. */
const PUBLIC_API = new Set(['/api/health', '/api/session']);

/** An empty body means "defaults"; anything else must be JSON. */
async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('request body is not valid JSON');
  }
}

/** Every key served with a freq carries what it means, read with the instance's own LFU parameters. */
async function explainFreq(source: InstanceSource, instanceId: string, task: Task): Promise<Task> {
  // Nothing to add (estimates kept from scan time, or no counter at all): no need to ask the server.
  if (!task.keys || !needsLfuEstimates(task.keys)) return task;
  let lfu: InstanceSummary['lfu'];
  try {
    lfu = (await source.getInstance(instanceId)).lfu;
  } catch {
    lfu = undefined;
  }
  return { ...task, keys: withLfuEstimates(task.keys, lfu ?? DEFAULT_LFU) };
}

/** The scheme the client used, as proxies report it; with several hops the first entry is the client's. */
const forwardedProto = (c: Context<Env>): string | undefined =>
  c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();

const requireOperator = (c: Context<Env>, action: string): void => {
  if (c.var.identity.role !== 'operator') {
    throw new ApiError(403, 'HOTKEYS.403', `${c.var.identity.user} is a viewer: only operators may ${action}`);
  }
};

const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // recharts and the PNG export set inline styles; no inline script is ever allowed
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    objectSrc: ["'none'"],
  },
  referrerPolicy: 'strict-origin-when-cross-origin',
  xFrameOptions: 'DENY',
  strictTransportSecurity: false,
});

const noStore: MiddlewareHandler = async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await next();
  c.header('Cache-Control', 'no-store');
};

/** A path segment for the audit line; a malformed escape is logged as sent, not thrown. */
function auditSegment(path: string, pattern: RegExp): string | undefined {
  const segment = pattern.exec(path)?.[1];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment).slice(0, 80);
  } catch {
    return segment.slice(0, 80);
  }
}

/**
 * What the BFF answers for a request Node's parser or the HTTP adapter cannot even turn into a Request
 * (a raw NUL or a backslash in the path, a bad Host header, a head over 16 KiB): the same JSON error body
 * and headers as every other answer.
 */
const malformed = new Hono();
malformed.use('*', securityHeaders, noStore);
malformed.get('/400', (c) => c.json({ error_code: 'HOTKEYS.400', error_msg: 'malformed HTTP request' }, 400));
malformed.get('/431', (c) => c.json({ error_code: 'HOTKEYS.431', error_msg: 'request head larger than 16 KiB' }, 431));
export const malformedRequestResponse = (status: 400 | 431 = 400): Response | Promise<Response> =>
  malformed.request(`/${status}`);

export function createApp(deps: AppDeps): Hono<Env> {
  const { registry, authenticator, startLimiter, staticDir } = deps;
  const app = new Hono<Env>();

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.toBody(), error.status);
    }
    log.error('unexpected error', { path: c.req.path, method: c.req.method, error: String(error) });
    return c.json({ error_code: 'HOTKEYS.500', error_msg: 'internal error; see the BFF log' }, 500);
  });

  app.use('*', securityHeaders);
  app.use('/api/*', noStore);
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error_code: 'HOTKEYS.413', error_msg: 'request body larger than 16 KiB' }, 413),
    }),
  );

  // One audit line per state change, refused ones included: who, what, where, and how it ended.
  app.use('/api/*', async (c, next) => {
    if (!isStateChange(c.req.method) || c.req.path === '/api/session') return next();
    let result = 'error';
    try {
      await next();
      result = c.res.status < 400 ? 'ok' : `refused ${c.res.status}`;
    } finally {
      log.info('audit', {
        user: c.var.identity?.user,
        role: c.var.identity?.role,
        action: `${c.req.method} ${c.req.routePath}`,
        instance: auditSegment(c.req.path, /^\/api\/instances\/([^/]+)/),
        // the task a refused change aimed at (a viewer's delete) is in the path, not yet in auditTask
        task: c.var.auditTask ?? auditSegment(c.req.path, /^\/api\/instances\/[^/]+\/hotkey-tasks\/([^/]+)/),
        result,
      });
    }
  });

  // Who is calling, then whether a state change is allowed to come from where it comes from.
  app.use('/api/*', async (c, next) => {
    if (!PUBLIC_API.has(c.req.path)) {
      c.set(
        'identity',
        authenticator.authenticate({
          remoteAddress: getConnInfo(c).remote.address,
          header: (name) => c.req.header(name),
          cookie: (name) => getCookie(c, name),
        }),
      );
    }
    if (isStateChange(c.req.method)) checkStateChange(c);
    await next();
  });

  const api = new Hono<Env>();

  api.get('/health', async (c) => c.json(await deps.health()));

  api.get('/me', (c) => c.json({ ...c.var.identity, auth_mode: authenticator.config.mode } satisfies Me));

  api.get('/session', (c) => c.json({ auth_mode: authenticator.config.mode } satisfies SessionInfo));

  api.post('/session', async (c) => {
    const { token } = parseWith(signInRequestSchema, await readJsonBody(c.req.raw), 'sign-in');
    const identity = authenticator.checkToken(token);
    if (!identity || !authenticator.sessions) {
      log.info('audit', { action: 'sign-in', result: 'refused 401' });
      throw new ApiError(401, 'HOTKEYS.401', 'that token is not valid');
    }
    setCookie(c, SESSION_COOKIE, authenticator.sessions.create(identity), {
      httpOnly: true,
      sameSite: 'Lax',
      // Behind a TLS-terminating proxy the BFF itself sees plain http, even on a loopback HOST.
      secure: !deps.insecureCookies || forwardedProto(c) === 'https',
      path: '/',
    });
    log.info('audit', { user: identity.user, role: identity.role, action: 'sign-in', result: 'ok' });
    return c.json({ ...identity, auth_mode: authenticator.config.mode } satisfies Me);
  });

  api.delete('/session', (c) => {
    const session = getCookie(c, SESSION_COOKIE);
    if (session) authenticator.sessions?.delete(session);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ signed_out: true });
  });

  api.get('/instances', async (c) => c.json(await registry.listInstances()));

  // Routes check every other parameter before this: resolving may ask a cloud source whether it owns the id.
  const instance = async (raw: string) => {
    const id = parseWith(instanceIdSchema, raw, 'instance id');
    return { id, source: await registry.resolve(id) };
  };
  const taskIdOf = (c: Context<Env>): string => {
    const taskId = parseWith(taskIdSchema, c.req.param('taskId'), 'task id');
    c.set('auditTask', taskId);
    return taskId;
  };

  api.get('/instances/:id', async (c) => {
    const { id, source } = await instance(c.req.param('id'));
    return c.json(await source.getInstance(id));
  });

  api.post('/instances/:id/hotkey-tasks', async (c) => {
    requireOperator(c, 'start analyses');
    const request = parseWith(createTaskRequestSchema, await readJsonBody(c.req.raw), 'analysis request');
    const { id, source } = await instance(c.req.param('id'));
    startLimiter.take(c.var.identity.user);
    const task = await source.createTask(id, request);
    c.set('auditTask', task.id);
    return c.json(task);
  });

  api.get('/instances/:id/hotkey-tasks', async (c) => {
    const query = parseWith(taskListQuerySchema, c.req.query(), 'query');
    const { id, source } = await instance(c.req.param('id'));
    return c.json(await source.listTasks(id, query));
  });

  api.get('/instances/:id/hotkey-tasks/:taskId', async (c) => {
    const taskId = taskIdOf(c);
    const { id, source } = await instance(c.req.param('id'));
    return c.json(await explainFreq(source, id, await source.getTask(id, taskId)));
  });

  api.delete('/instances/:id/hotkey-tasks/:taskId', async (c) => {
    requireOperator(c, 'delete analyses');
    const taskId = taskIdOf(c);
    const { id, source } = await instance(c.req.param('id'));
    return c.json(await source.deleteTask(id, taskId));
  });

  api.post('/instances/:id/hotkey-tasks/:taskId/cancel', async (c) => {
    requireOperator(c, 'cancel analyses');
    const taskId = taskIdOf(c);
    const { id, source } = await instance(c.req.param('id'));
    if (!source.cancelTask) throw new ApiError(400, 'HOTKEYS.400', 'analyses of this source cannot be cancelled');
    return c.json(await source.cancelTask(id, taskId));
  });

  api.get('/instances/:id/hotkey-autoscan', async (c) => {
    const { id, source } = await instance(c.req.param('id'));
    if (!source.getAutoscan) throw new ApiError(404, 'HOTKEYS.404', 'this instance has no analysis schedule');
    return c.json(await source.getAutoscan(id));
  });

  api.put('/instances/:id/hotkey-autoscan', async (c) => {
    requireOperator(c, 'change schedules');
    const update = parseWith(autoscanUpdateSchema, await readJsonBody(c.req.raw), 'schedule');
    const { id, source } = await instance(c.req.param('id'));
    if (!source.putAutoscan) throw new ApiError(404, 'HOTKEYS.404', 'this instance has no analysis schedule');
    return c.json(await source.putAutoscan(id, update));
  });

  if (deps.schedules) api.route('/instances', scheduleRoutes(registry, deps.schedules));
  if (deps.alerts) api.route('/instances', alertRoutes(registry, deps.alerts));

  api.all('*', (c) => {
    throw new ApiError(404, 'HOTKEYS.404', `no API route ${c.req.method} ${c.req.path}`);
  });

  app.route('/api', api);

  if (staticDir) {
    app.use('/*', async (c, next) => {
      try {
        authenticator.assertProxyPeer(getConnInfo(c).remote.address);
      } catch {
        return c.html(NOT_THROUGH_PROXY_PAGE, 401);
      }
      await next();
    });
    app.use('/*', serveStatic({ root: staticDir }));
    // Deep links (/instances/x/tasks/y) are SPA routes: answer them with the app shell.
    app.get('*', async (c) => {
      const shell = await readFile(join(staticDir, 'index.html'), 'utf8').catch((error: NodeJS.ErrnoException) => {
        // A BFF started from a fresh checkout answers every page with this until the SPA is built.
        if (error.code === 'ENOENT') {
          throw new ApiError(503, 'HOTKEYS.503', `the SPA is not built: run \`npm run build\``);
        }
        throw error;
      });
      return c.html(shell);
    });
  }
  app.notFound((c) => c.json({ error_code: 'HOTKEYS.404', error_msg: 'not found' }, 404));
  return app;
}
