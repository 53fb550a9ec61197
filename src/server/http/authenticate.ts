import { getConnInfo } from '@hono/node-server/conninfo';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Authenticator } from '../auth/authenticator';
import type { AppEnv } from './app-env';
import { checkStateChange, isStateChange } from './state-change-rules';

/** Paths anyone may call: load balancers probe health, and signing in comes before knowing who you are. */
export const PUBLIC_API: ReadonlySet<string> = new Set(['/api/health', '/api/session']);

/** Who is calling, then whether a state change is allowed to come from where it comes from. */
export const authenticate = (authenticator: Authenticator) =>
  createMiddleware<AppEnv>(async (c, next) => {
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
