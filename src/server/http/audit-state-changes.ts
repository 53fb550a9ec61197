import { createMiddleware } from 'hono/factory';
import { log } from '../log';
import type { AppEnv } from './app-env';
import { isStateChange } from './state-change-rules';

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

/** One audit line per state change, refused ones included: who, what, where, and how it ended. */
export const auditStateChanges = createMiddleware<AppEnv>(async (c, next) => {
  // Signing in audits itself: it knows who (or that nobody) signed in, which this layer does not.
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
      watch: c.var.auditWatch ?? auditSegment(c.req.path, /^\/api\/instances\/[^/]+\/watches\/([^/]+)/),
      result,
    });
  }
});
