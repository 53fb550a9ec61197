import type { Context } from 'hono';
import { ApiError } from './api-error';

const STATE_CHANGING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export const isStateChange = (method: string): boolean => STATE_CHANGING.has(method);

/**
 * Cross-site request forgery cannot set custom headers or a JSON content type without a CORS preflight,
 * which this origin never grants; Origin and Sec-Fetch-Site, when a browser sends them, must say "us".
 */
export function checkStateChange(c: Context): void {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw ApiError.of('unsupportedMediaType', 'state changes need Content-Type: application/json');
  }
  if (!c.req.header('x-requested-with')) {
    throw ApiError.of('forbidden', 'state changes need the X-Requested-With header');
  }
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw ApiError.of('forbidden', `cross-site request refused (Sec-Fetch-Site: ${site})`);
  }
  const origin = c.req.header('origin');
  if (origin !== undefined && originHost(origin) !== c.req.header('host')?.toLowerCase()) {
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
