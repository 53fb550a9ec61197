import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Authenticator } from '../auth/authenticator';
import { ApiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';

/** What a browser that bypassed the authenticating proxy sees instead of the SPA (which it may not load). */
const NOT_THROUGH_PROXY_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign in through the proxy</title>
<h1>You are not coming through the sign-in proxy</h1>
<p>This dashboard admits people only through its authenticating proxy. Open it at the address your team uses.</p></html>`;

/** The built SPA: its files, and its shell for every deep link (`/instances/x/tasks/y` is an SPA route). */
export function spaRoutes(staticDir: string, authenticator: Authenticator): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.use('/*', async (c, next) => {
    try {
      authenticator.assertProxyPeer(getConnInfo(c).remote.address);
    } catch {
      return c.html(NOT_THROUGH_PROXY_PAGE, 401);
    }
    await next();
  });
  routes.use('/*', serveStatic({ root: staticDir }));
  routes.get('*', async (c) => {
    const shell = await readFile(join(staticDir, 'index.html'), 'utf8').catch((error: NodeJS.ErrnoException) => {
      // A BFF started from a fresh checkout answers every page with this until the SPA is built.
      if (error.code === 'ENOENT') throw ApiError.of('unavailable', 'the SPA is not built: run `npm run build`');
      throw error;
    });
    return c.html(shell);
  });

  return routes;
}
