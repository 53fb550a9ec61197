import { ApiError } from '../../http/api-error';
import { exponentialBackoff, withRetries } from '../../retry/with-retries';
import { BodyTooLargeError, readBoundedText } from './bounded-body';
import type { CallGate } from './call-gate';
import { garbledUpstream, isBadCredentials, isThrottled, parseJson, unreachable, upstreamError } from './dcs-errors';
import type { DcsCall } from './dcs-routes';
import type { RequestAuth } from './request-auth';
import type { SecretSet } from './secret-redaction';
import { encodePath, encodeQuery } from './sign-request';

export interface DcsTuning {
  /** Per attempt, headers and body together. */
  requestTimeoutMs: number;
  /** First retry waits between half and all of this; each further retry doubles it. */
  backoffBaseMs: number;
  /** How long a throttling answer without Retry-After holds calls back. */
  throttlePauseMs: number;
  /** How long rejected credentials hold calls back. */
  credentialLockMs: number;
  random: () => number;
}

export interface DcsHttpOptions {
  endpoint: string;
  projectId: string;
  auth: RequestAuth;
  gate: CallGate;
  secrets: SecretSet;
  fetch: typeof fetch;
  tuning: DcsTuning;
}

export interface DcsAnswer {
  status: number;
  /** The parsed body; undefined when the body is empty. */
  json: unknown;
}

/** Reads are idempotent, so a GET gets up to three attempts; a create or delete gets exactly one. */
const MAX_GET_ATTEMPTS = 3;

/** No answer, or a 5xx: a GET may be asked again; `failure` is what the client gets if none succeeds. */
class Transient extends Error {
  constructor(readonly failure: ApiError) {
    super(failure.message);
  }
}

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * The one way the BFF talks to DCS: a fixed route, signed or token-authorised, no redirects followed,
 * a timeout on every attempt, retries only where they are safe, and the source held back while the
 * gateway throttles or refuses the credentials.
 */
export class DcsHttp {
  constructor(private readonly options: DcsHttpOptions) {}

  async call(call: DcsCall): Promise<DcsAnswer> {
    const { tuning } = this.options;
    // One renewal of a rejected token per call, whichever try it happens in.
    const renewal = { done: false };
    try {
      return await withRetries(() => this.send(call, renewal), {
        attempts: call.method === 'GET' ? MAX_GET_ATTEMPTS : 1,
        delayMs: exponentialBackoff({ baseMs: tuning.backoffBaseMs, random: tuning.random }),
        isRetryable: (error) => error instanceof Transient,
      });
    } catch (error) {
      throw error instanceof Transient ? error.failure : error;
    }
  }

  /** One try: the request, and once more at once if the gateway rejected a token that renewing replaced. */
  private async send(call: DcsCall, renewal: { done: boolean }): Promise<DcsAnswer> {
    const { auth, gate, tuning } = this.options;
    const label = `DCS ${call.operation}`;
    const { url, path } = this.urlOf(call);
    for (;;) {
      gate.check();
      const { headers, credential } = await auth.authorize({
        method: call.method,
        url,
        path,
        query: call.query,
        body: call.body ?? '',
        projectId: this.options.projectId,
      });
      let response: Response;
      let text: string;
      try {
        response = await this.options.fetch(url, {
          method: call.method,
          headers,
          ...(call.body !== undefined ? { body: call.body } : {}),
          redirect: 'manual',
          signal: AbortSignal.timeout(tuning.requestTimeoutMs),
        });
        text = await readBoundedText(response);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw garbledUpstream(label, 'with a body too large to read');
        throw new Transient(unreachable(label, url.host, error, tuning.requestTimeoutMs));
      }

      const { status } = response;
      if (status >= 200 && status < 300) {
        if (text.trim() === '') return { status, json: undefined };
        const json = parseJson(text);
        if (json === undefined) throw garbledUpstream(label, `HTTP ${status} with a body that is not JSON`);
        return { status, json };
      }
      if (status >= 300 && status < 400) throw garbledUpstream(label, `a redirect (HTTP ${status}); none is followed`);

      const error = upstreamError(label, status, text, this.options.secrets);
      // The gateway rejected the request before DCS saw it, so even a create may go once more.
      if (status === 401 && !renewal.done && (await auth.renewAfterRejection(credential))) {
        renewal.done = true;
        continue;
      }
      if (isThrottled(status, error.code)) {
        const pause = retryAfterMs(response) ?? tuning.throttlePauseMs;
        const throttled = new ApiError(429, error.code, error.message, error.hint, {
          'Retry-After': String(Math.ceil(pause / 1000)),
        });
        gate.closeFor(pause, throttled);
        throw throttled;
      }
      if (isBadCredentials(error.code)) {
        gate.closeFor(tuning.credentialLockMs, error);
        throw error;
      }
      throw status >= 500 ? new Transient(error) : error;
    }
  }

  private urlOf(call: DcsCall): { url: URL; path: string } {
    const base = new URL(this.options.endpoint);
    const path = `${base.pathname.replace(/\/+$/, '')}/v2/${this.options.projectId}/${call.segments.join('/')}`;
    const query = call.query.length > 0 ? `?${encodeQuery(call.query)}` : '';
    const url = new URL(`${encodePath(path)}${query}`, base);
    // The URL parser normalises dot segments; what is signed must be exactly what is sent.
    if (url.pathname !== encodePath(path)) throw new Error(`refusing to send a path the URL parser rewrote: ${path}`);
    return { url, path };
  }
}
