import { createMiddleware } from 'hono/factory';
import { badRequest } from './api-error';

/**
 * Refuses a query whose percent-escapes are not UTF-8 (`key=%ff`, `key=%E0%A4%A`). Hono's query reader keeps
 * such a value as its raw text, so `%ff` would be looked up as the three characters "%ff": a name nobody
 * asked for. A byte that is not UTF-8 is asked for by its redis-cli escape with `encoding=binary`.
 */
export const strictQueryEncoding = createMiddleware(async (c, next) => {
  const url = c.req.url;
  const at = url.indexOf('?');
  const query = at < 0 ? '' : url.slice(at + 1).split('#', 1)[0]!;
  for (const part of query.split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      const name = part.split('=', 1)[0] ?? '';
      throw badRequest(`query parameter ${JSON.stringify(name.slice(0, 64))} is not percent-encoded UTF-8`);
    }
  }
  await next();
});
