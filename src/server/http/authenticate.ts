import { getConnInfo } from '@hono/node-server/conninfo';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Authenticator } from '../auth/authenticator';
import type { AppEnv } from './app-env';

/** Paths anyone may call: load balancers probe health, and signing in comes before knowing who you are. */
export const PUBLIC_API: ReadonlySet<string> = new Set(['/api/health', '/api/session']);

/** Node keeps every header as sent (name, value, name, value...); without it one joined value is all there is. */
function headerCount(raw: string[] | undefined, name: string, joined: string | undefined): number {
  if (!raw) return joined === undefined ? 0 : 1;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) count += 1;
  return count;
}

/** Who is calling: every later layer (audit, roles, routes) knows. */
export const authenticate = (authenticator: Authenticator) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!PUBLIC_API.has(c.req.path)) {
      c.set(
        'identity',
        await authenticator.authenticate({
          remoteAddress: getConnInfo(c).remote.address,
          header: (name) => c.req.header(name),
          headerCount: (name) => headerCount(c.env?.incoming?.rawHeaders, name, c.req.header(name)),
          cookie: (name) => getCookie(c, name),
        }),
      );
    }
    await next();
  });
