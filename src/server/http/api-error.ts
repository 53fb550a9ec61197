import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BFF_ERRORS, type BffErrorKind } from '../../contract/error-codes';
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

  /** One of the BFF's own errors, its code and status taken from the catalogue. */
  static of(kind: BffErrorKind, message: string, extra: { hint?: string; headers?: Record<string, string> } = {}) {
    const { code, status } = BFF_ERRORS[kind];
    return new ApiError(status, code, message, extra.hint, extra.headers);
  }

  toBody(): ErrorBody {
    return { error_code: this.code, error_msg: this.message, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

export const notFound = (what: string): ApiError => ApiError.of('notFound', `${what} not found`);
export const badRequest = (message: string): ApiError => ApiError.of('badRequest', message);
