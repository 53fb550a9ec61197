import { Hono } from 'hono';
import type { ScheduleRunList } from '../../contract/autoscan';
import { ApiError } from '../http/api-error';
import { instanceIdSchema, parseWith } from '../http/route-params';
import type { SourceRegistry } from '../sources/source-registry';
import type { ScheduleStore } from './schedule-store';

/** Due times the instance page lists. */
export const RUNS_SHOWN = 20;

/**
 * `GET /instances/:id/hotkey-autoscan/runs`: what the BFF's scheduler did at each recent due time,
 * skips included. Cloud instances are scheduled by the cloud, which reports no such thing.
 */
export function scheduleRoutes(registry: SourceRegistry, schedules: ScheduleStore): Hono {
  const routes = new Hono();
  routes.get('/:id/hotkey-autoscan/runs', async (c) => {
    const id = parseWith(instanceIdSchema, c.req.param('id'), 'instance id');
    if ((await registry.resolve(id)).kind !== 'redis') {
      throw new ApiError(404, 'HOTKEYS.404', 'the cloud schedules this instance; its runs appear in the history');
    }
    const body: ScheduleRunList = { instance_id: id, records: schedules.runs(id, RUNS_SHOWN) };
    return c.json(body);
  });
  return routes;
}
