import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { log } from '../log';
import { storeFaultOf } from '../store/store-health';
import { ApiError, badRequest } from './api-error';
import type { AppEnv } from './app-env';

/**
 * Every failure leaves as `{error_code, error_msg}` with its status. Hono's own 400 (a JSON body that does
 * not parse) becomes the BFF's, a store that cannot be reached a 503 naming it; anything unexpected is logged
 * and answered without a stack trace.
 */
export const answerError: ErrorHandler<AppEnv> = (error, c) => {
  const storeFault = storeFaultOf(error);
  const known =
    error instanceof ApiError
      ? error
      : error instanceof HTTPException && error.status === 400
        ? badRequest('request body is not valid JSON')
        : storeFault !== undefined
          ? ApiError.of('unavailable', `store unavailable: ${storeFault}`)
          : undefined;
  if (known) {
    for (const [name, value] of Object.entries(known.headers)) c.header(name, value);
    return c.json(known.toBody(), known.status);
  }
  log.error('unexpected error', { path: c.req.path, method: c.req.method, error: String(error) });
  return c.json(ApiError.of('internal', 'internal error; see the BFF log').toBody(), 500);
};
