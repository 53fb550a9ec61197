import { Hono } from 'hono';
import { autoscanUpdateSchema, type ScheduleRunList } from '../../contract/autoscan';
import { ApiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { requireOperator } from '../http/require-operator';
import { instanceParams } from '../http/route-params';
import { validJson, validParams } from '../http/validate';
import type { ScheduleStore } from '../schedule/schedule-store';
import type { SourceRegistry } from '../sources/source-registry';

/** Due times the instance page lists. */
export const RUNS_SHOWN = 20;

export interface AutoscanRouteDeps {
  registry: SourceRegistry;
  /** The BFF's own scheduler's record (redis sources); without it there is no runs route. */
  schedules?: ScheduleStore;
}

const noSchedule = () => ApiError.of('notFound', 'this instance has no analysis schedule');

/**
 * `/instances/:id/hotkey-autoscan` (GET, PUT): the daily schedule, DCS-shaped for both kinds of source;
 * `/instances/:id/hotkey-autoscan/runs`: what the BFF's scheduler did at each recent due time.
 */
export function autoscanRoutes({ registry, schedules }: AutoscanRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/:id/hotkey-autoscan', validParams(instanceParams), async (c) => {
    const { id } = c.req.valid('param');
    const source = await registry.resolve(id);
    if (!source.getAutoscan) throw noSchedule();
    return c.json(await source.getAutoscan(id));
  });

  routes.put(
    '/:id/hotkey-autoscan',
    requireOperator('change schedules'),
    validParams(instanceParams),
    validJson(autoscanUpdateSchema, 'schedule'),
    async (c) => {
      const { id } = c.req.valid('param');
      const source = await registry.resolve(id);
      if (!source.putAutoscan) throw noSchedule();
      return c.json(await source.putAutoscan(id, c.req.valid('json')));
    },
  );

  if (schedules) {
    routes.get('/:id/hotkey-autoscan/runs', validParams(instanceParams), async (c) => {
      const { id } = c.req.valid('param');
      // Cloud instances are scheduled by the cloud, which reports no such thing.
      if ((await registry.resolve(id)).kind !== 'redis') {
        throw ApiError.of('notFound', 'the cloud schedules this instance; its runs appear in the history');
      }
      const body: ScheduleRunList = { instance_id: id, records: await schedules.runs(id, RUNS_SHOWN) };
      return c.json(body);
    });
  }

  return routes;
}
