import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { EventCounters } from '../metrics/event-counters';
import type { AppEnv } from './app-env';

/**
 * Counts every answered request by the template of the route it was for (`/api/instances/:id`), not its
 * raw path: ids and key names in paths would make a series per request. The route is the first matched
 * handler (a function that takes no `next`), so a request a middleware refused (401, 403, 421) still counts
 * under the route it asked for; a path no route matches counts as `unmatched`.
 */
export const countRequests = (counters: Pick<EventCounters, 'httpRequest'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const route = matchedRoutes(c).find((r) => r.handler.length < 2)?.path ?? 'unmatched';
    counters.httpRequest(c.req.method, route, c.res.status);
  });
