import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { instanceParams } from '../http/route-params';
import { validParams } from '../http/validate';
import type { SourceRegistry } from '../sources/source-registry';

/** `/instances` (every source's instances) and `/instances/:id`. */
export function instanceRoutes(registry: SourceRegistry): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => c.json(await registry.listInstances()));

  routes.get('/:id', validParams(instanceParams), async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await registry.describeInstance(id));
  });

  return routes;
}
