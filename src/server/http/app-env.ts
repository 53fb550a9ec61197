import type { HttpBindings } from '@hono/node-server';
import type { AuthVariables } from '../auth/identity';

/**
 * What every route and middleware of the app may read from the request context. The Node bindings are
 * absent when the app is called in-process (`app.request()`).
 */
export type AppEnv = { Variables: AuthVariables; Bindings: Partial<HttpBindings> | undefined };
