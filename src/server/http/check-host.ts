import { createMiddleware } from 'hono/factory';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import type { HostAllowList } from './host-allow-list';

/**
 * Before any route, reads included: a request for a name the dashboard does not serve is refused. Browsers
 * always send Host; a request without one (in-process tests) has no name to misuse.
 */
export const checkHost = (hosts: HostAllowList) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const host = c.req.header('host');
    if (host !== undefined && !hosts.allows(host)) {
      throw ApiError.of(
        'misdirected',
        `this dashboard does not serve the host ${JSON.stringify(host.slice(0, 100))}; if it is reached by that name, add it to "allowedHosts" in the configuration`,
      );
    }
    await next();
  });
