import { createMiddleware } from 'hono/factory';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import type { HostAllowList } from './host-allow-list';

const STATE_CHANGING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export const isStateChange = (method: string): boolean => STATE_CHANGING.has(method);

/**
 * Cross-site request forgery cannot set custom headers or a JSON content type without a CORS preflight,
 * which this origin never grants; Origin and Sec-Fetch-Site, when a browser sends them, must say "us":
 * an Origin must name a host of the allow-list, not merely the Host the request itself carries.
 */
export const stateChangeRules = (hosts: HostAllowList) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (isStateChange(c.req.method)) checkStateChange(c.req.header.bind(c.req), hosts);
    await next();
  });

function checkStateChange(header: (name: string) => string | undefined, hosts: HostAllowList): void {
  const contentType = header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw ApiError.of('unsupportedMediaType', 'state changes need Content-Type: application/json');
  }
  if (!header('x-requested-with')) {
    throw ApiError.of('forbidden', 'state changes need the X-Requested-With header');
  }
  const site = header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw ApiError.of('forbidden', `cross-site request refused (Sec-Fetch-Site: ${site})`);
  }
  const origin = header('origin');
  if (origin !== undefined && !hosts.allows(originHost(origin) ?? '')) {
    throw ApiError.of('forbidden', 'cross-origin request refused');
  }
}

/**
 * The host part only: behind a TLS-terminating proxy the browser says https while the BFF hears http, and
 * the proxy passes the browser's Host on. Forwarded-host headers are not trusted: anyone can send them.
 */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
