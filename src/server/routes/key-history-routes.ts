import { Hono } from 'hono';
import { keyHistoryQuerySchema } from '../../contract/key-history';
import { keyHistory } from '../history/key-history';
import type { KeyHistoryStore } from '../history/key-history-store';
import type { AppEnv } from '../http/app-env';
import { instanceParams } from '../http/route-params';
import { strictQueryEncoding } from '../http/strict-query-encoding';
import { validParams, validQuery } from '../http/validate';
import type { SourceRegistry } from '../sources/source-registry';
import type { TaskStore } from '../store/task-store';

export interface KeyHistoryRouteDeps {
  registry: SourceRegistry;
  keyHistory: KeyHistoryStore;
  tasks: Pick<TaskStore, 'active'>;
}

/** `/instances/:id/key-history?db=N&key=NAME[&encoding=E]`: one key across the instance's kept analyses. */
export function keyHistoryRoutes({ registry, keyHistory: store, tasks }: KeyHistoryRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get(
    '/:id/key-history',
    validParams(instanceParams),
    strictQueryEncoding,
    validQuery(keyHistoryQuerySchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const source = await registry.resolve(id);
      const history = await keyHistory(store, {
        instanceId: id,
        query: c.req.valid('query'),
        active: await tasks.active(id),
        currentLfu: async () => (await source.getInstance(id)).lfu,
      });
      return c.json(history);
    },
  );

  return routes;
}
