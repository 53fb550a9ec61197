import { Hono } from 'hono';
import { alertRuleUpdateSchema } from '../../contract/hotkey-alerts';
import type { AlertService } from '../alerts/alert-service';
import { compileKeyGlob } from '../alerts/key-glob';
import { badRequest } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { requireOperator } from '../http/require-operator';
import { instanceParams } from '../http/route-params';
import { validJson, validParams } from '../http/validate';
import type { SourceRegistry } from '../sources/source-registry';

export interface AlertRouteDeps {
  registry: SourceRegistry;
  alerts: AlertService;
}

/**
 * `/instances/:id/hotkey-alert-rule` (GET, PUT) and `/instances/:id/hotkey-alerts` (recent deliveries), for
 * every instance: redis sources report each analysis they finish, DCS sources each finished one they see.
 */
export function alertRoutes({ registry, alerts }: AlertRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/:id/hotkey-alert-rule', validParams(instanceParams), async (c) => {
    const { id } = c.req.valid('param');
    await registry.resolve(id);
    return c.json(await alerts.rule(id));
  });

  routes.put(
    '/:id/hotkey-alert-rule',
    requireOperator('change alert rules'),
    validParams(instanceParams),
    validJson(alertRuleUpdateSchema, 'alert rule'),
    async (c) => {
      const { id } = c.req.valid('param');
      const update = c.req.valid('json');
      if (update.key_pattern) {
        try {
          compileKeyGlob(update.key_pattern);
        } catch {
          throw badRequest(`invalid alert rule: key_pattern ${JSON.stringify(update.key_pattern)} is not a valid glob`);
        }
      }
      await registry.resolve(id);
      return c.json(await alerts.putRule(id, update));
    },
  );

  routes.get('/:id/hotkey-alerts', validParams(instanceParams), async (c) => {
    const { id } = c.req.valid('param');
    await registry.resolve(id);
    return c.json(await alerts.deliveries(id));
  });

  return routes;
}
