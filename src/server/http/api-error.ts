import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../../contract/error-body';

/** An error that reaches the client as `{error_code, error_msg}` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error_code: this.code, error_msg: this.message, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'HOTKEYS.404', `${what} not found`);
export const badRequest = (message: string): ApiError => new ApiError(400, 'HOTKEYS.400', message);
