import { createMiddleware } from 'hono/factory';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';

/** Viewers read everything; changes are for operators. Runs before the request is even validated. */
export const requireOperator = (action: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { identity } = c.var;
    if (identity.role !== 'operator') {
      throw ApiError.of('forbidden', `${identity.user} is a viewer: only operators may ${action}`);
    }
    await next();
  });
