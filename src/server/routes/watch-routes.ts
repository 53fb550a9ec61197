import { Hono } from 'hono';
import { createWatchRequestSchema } from '../../contract/watch';
import type { KeyHistoryStore } from '../history/key-history-store';
import type { AppEnv } from '../http/app-env';
import { requireOperator } from '../http/require-operator';
import { instanceParams, watchParams } from '../http/route-params';
import type { StartLimiter } from '../http/start-limiter';
import { validJson, validParams } from '../http/validate';
import type { SourceRegistry } from '../sources/source-registry';
import type { WatchService } from '../watch/watch-service';
import { watchSeries } from '../watch/watch-series';

export interface WatchRouteDeps {
  registry: SourceRegistry;
  watches: WatchService;
  keyHistory: KeyHistoryStore;
  startLimiter: StartLimiter;
}

/** `/instances/:id/watches...`: start, list, read and stop watches, and their top keys as lines. */
export function watchRoutes({ registry, watches, keyHistory, startLimiter }: WatchRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post(
    '/:id/watches',
    requireOperator('start watches'),
    validParams(instanceParams),
    validJson(createWatchRequestSchema, 'watch request'),
    async (c) => {
      const { id } = c.req.valid('param');
      const source = await registry.resolve(id);
      startLimiter.take(c.var.identity.user);
      const watch = await watches.create(source, id, c.req.valid('json'), c.var.identity.user);
      c.set('auditWatch', watch.id);
      return c.json(watch);
    },
  );

  routes.get('/:id/watches', validParams(instanceParams), async (c) => {
    const { id } = c.req.valid('param');
    await registry.resolve(id);
    return c.json(await watches.list(id));
  });

  routes.get('/:id/watches/:watchId', validParams(watchParams), async (c) => {
    const { id, watchId } = c.req.valid('param');
    await registry.resolve(id);
    return c.json(await watches.get(id, watchId));
  });

  routes.get('/:id/watches/:watchId/keys', validParams(watchParams), async (c) => {
    const { id, watchId } = c.req.valid('param');
    await registry.resolve(id);
    return c.json(await watchSeries(keyHistory, await watches.get(id, watchId)));
  });

  routes.post('/:id/watches/:watchId/stop', requireOperator('stop watches'), validParams(watchParams), async (c) => {
    const { id, watchId } = c.req.valid('param');
    await registry.resolve(id);
    return c.json(await watches.stop(id, watchId, c.var.identity.user));
  });

  return routes;
}
