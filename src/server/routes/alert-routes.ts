import { Hono } from 'hono';
import { alertRuleUpdateSchema } from '../../contract/hotkey-alerts';
import { ApiError, badRequest } from '../http/api-error';
import { instanceIdSchema, parseWith } from '../http/route-params';
import type { AuthVariables } from '../auth/identity';
import type { SourceRegistry } from '../sources/source-registry';
import type { AlertService } from './alert-service';
import { compileKeyGlob } from './key-glob';

/**
 * `/instances/:id/hotkey-alert-rule` (GET, PUT) and `/instances/:id/hotkey-alerts` (recent deliveries), for
 * every instance: redis sources report each analysis they finish, DCS sources each finished one they see.
 */
export function alertRoutes(registry: SourceRegistry, alerts: AlertService): Hono<{ Variables: AuthVariables }> {
  const routes = new Hono<{ Variables: AuthVariables }>();

  const knownInstance = async (raw: string): Promise<string> => {
    const id = parseWith(instanceIdSchema, raw, 'instance id');
    await registry.resolve(id);
    return id;
  };

  routes.get('/:id/hotkey-alert-rule', async (c) => c.json(alerts.rule(await knownInstance(c.req.param('id')))));

  routes.put('/:id/hotkey-alert-rule', async (c) => {
    if (c.var.identity.role !== 'operator') {
      throw new ApiError(
        403,
        'HOTKEYS.403',
        `${c.var.identity.user} is a viewer: only operators may change alert rules`,
      );
    }
    // An invalid request is refused before resolving the id, which may ask a cloud source about it.
    const id = parseWith(instanceIdSchema, c.req.param('id'), 'instance id');
    const body: unknown = await c.req.json().catch(() => {
      throw badRequest('request body is not valid JSON');
    });
    const update = parseWith(alertRuleUpdateSchema, body, 'alert rule');
    if (update.key_pattern) {
      try {
        compileKeyGlob(update.key_pattern);
      } catch {
        throw badRequest(`invalid alert rule: key_pattern ${JSON.stringify(update.key_pattern)} is not a valid glob`);
      }
    }
    return c.json(alerts.putRule(await knownInstance(id), update));
  });

  routes.get('/:id/hotkey-alerts', async (c) => c.json(alerts.deliveries(await knownInstance(c.req.param('id')))));

  return routes;
}
