import type { AuthVariables } from '../auth/identity';

/** What every route and middleware of the app may read from the request context. */
export type AppEnv = { Variables: AuthVariables };
