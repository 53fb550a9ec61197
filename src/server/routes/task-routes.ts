import { Hono } from 'hono';
import { createTaskRequestSchema, taskListQuerySchema } from '../../contract/hotkey-task';
import { ApiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { requireOperator } from '../http/require-operator';
import { instanceParams, taskParams } from '../http/route-params';
import type { StartLimiter } from '../http/start-limiter';
import { validJson, validParams, validQuery } from '../http/validate';
import { explainFreq } from '../lfu/estimate-lfu';
import type { SourceRegistry } from '../sources/source-registry';

export interface TaskRouteDeps {
  registry: SourceRegistry;
  startLimiter: StartLimiter;
}

/** `/instances/:id/hotkey-tasks...`: start, list, read, cancel and delete analyses. */
export function taskRoutes({ registry, startLimiter }: TaskRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post(
    '/:id/hotkey-tasks',
    requireOperator('start analyses'),
    validParams(instanceParams),
    validJson(createTaskRequestSchema, 'analysis request'),
    async (c) => {
      const { id } = c.req.valid('param');
      const source = await registry.resolve(id);
      startLimiter.take(c.var.identity.user);
      const task = await source.createTask(id, c.req.valid('json'));
      c.set('auditTask', task.id);
      return c.json(task);
    },
  );

  routes.get('/:id/hotkey-tasks', validParams(instanceParams), validQuery(taskListQuerySchema), async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await (await registry.resolve(id)).listTasks(id, c.req.valid('query')));
  });

  routes.get('/:id/hotkey-tasks/:taskId', validParams(taskParams), async (c) => {
    const { id, taskId } = c.req.valid('param');
    const source = await registry.resolve(id);
    const task = await source.getTask(id, taskId);
    return c.json(await explainFreq(task, async () => (await source.getInstance(id)).lfu));
  });

  routes.delete('/:id/hotkey-tasks/:taskId', requireOperator('delete analyses'), validParams(taskParams), async (c) => {
    const { id, taskId } = c.req.valid('param');
    return c.json(await (await registry.resolve(id)).deleteTask(id, taskId));
  });

  routes.post(
    '/:id/hotkey-tasks/:taskId/cancel',
    requireOperator('cancel analyses'),
    validParams(taskParams),
    async (c) => {
      const { id, taskId } = c.req.valid('param');
      const source = await registry.resolve(id);
      if (!source.cancelTask) throw ApiError.of('badRequest', 'analyses of this source cannot be cancelled');
      return c.json(await source.cancelTask(id, taskId));
    },
  );

  return routes;
}
