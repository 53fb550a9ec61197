import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type Me, type SessionInfo, signInRequestSchema } from '../../contract/session';
import { type Authenticator, SESSION_COOKIE } from '../auth/authenticator';
import { ApiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { validJson } from '../http/validate';
import { log } from '../log';

export interface SessionRouteDeps {
  authenticator: Authenticator;
  /** Whether session cookies may go without `Secure`: a loopback HOST, unless a proxy reports https. */
  insecureCookies: boolean;
}

/** `/me` (who is calling) and `/session` (token mode's sign-in and sign-out). */
export function sessionRoutes({ authenticator, insecureCookies }: SessionRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const auth_mode = authenticator.config.mode;

  routes.get('/me', (c) => c.json({ ...c.var.identity, auth_mode } satisfies Me));

  routes.get('/session', (c) => c.json({ auth_mode } satisfies SessionInfo));

  routes.post('/session', validJson(signInRequestSchema, 'sign-in'), async (c) => {
    if (!authenticator.sessions) throw ApiError.of('unauthorized', 'sign-in takes a token: this dashboard uses none');
    const identity = authenticator.checkToken(c.req.valid('json').token, getConnInfo(c).remote.address, 'sign-in');
    // Behind a TLS-terminating proxy the BFF itself sees plain http, even on a loopback HOST.
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    setCookie(c, SESSION_COOKIE, await authenticator.sessions.create(identity), {
      httpOnly: true,
      sameSite: 'Lax',
      secure: !insecureCookies || proto === 'https',
      path: '/',
    });
    log.info('audit', {
      user: identity.user,
      role: identity.role,
      action: 'sign-in',
      address: getConnInfo(c).remote.address,
      result: 'ok',
    });
    return c.json({ ...identity, auth_mode } satisfies Me);
  });

  routes.delete('/session', async (c) => {
    const session = getCookie(c, SESSION_COOKIE);
    if (session) await authenticator.sessions?.delete(session);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ signed_out: true });
  });

  return routes;
}
