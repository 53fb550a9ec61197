import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorBodySchema } from '../../../contract/error-body';
import { DCS_ERRORS, GATEWAY_ERRORS } from '../../../contract/error-codes';
import { ApiError } from '../../http/api-error';
import { iamErrorBodySchema } from './dcs-payloads';
import type { SecretSet } from './secret-redaction';

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Gateway codes come as APIG.xxxx or APIGW.xxxx depending on the region's gateway generation. */
const gatewayCode = (code: string): string => code.replace(/^APIGW?\./, 'APIG.');

export const isThrottled = (status: number, code?: string): boolean =>
  status === 429 || (code !== undefined && gatewayCode(code) === GATEWAY_ERRORS.throttled);

export const isBadCredentials = (code?: string): boolean =>
  code !== undefined && gatewayCode(code) === GATEWAY_ERRORS.badCredentials;

const BAD_CREDENTIALS_HINT =
  'The cloud rejected the credentials of this DCS source. Check the AK/SK (or the IAM user, domain and ' +
  'password) named in the BFF configuration; the BFF does not retry them, because repeated failures lock the key.';

const HINTS: Record<string, string> = {
  [DCS_ERRORS.notEligible]:
    'This instance cannot run hot key analysis: it needs Redis 4.0 or later and maxmemory-policy ' +
    'allkeys-lfu or volatile-lfu (instance parameters).',
  [DCS_ERRORS.taskGone]:
    'DCS has no analysis record with this id: it was deleted, or rotated out (DCS keeps 100 per instance).',
  [DCS_ERRORS.instanceNotRunning]: 'The instance is not running. Wait until its status is RUNNING, then try again.',
  [GATEWAY_ERRORS.throttled]:
    'DCS is throttling requests of this project; the dashboard pauses calls to this source for a moment.',
  [GATEWAY_ERRORS.badCredentials]: BAD_CREDENTIALS_HINT,
  [GATEWAY_ERRORS.clockSkew]:
    "The BFF's clock is more than 15 minutes off the cloud's time, so signed requests are refused. " +
    'Fix the server time (NTP).',
  [GATEWAY_ERRORS.tokenExpired]:
    'The IAM token expired and renewing it did not help. Check the IAM user and password of this source.',
};

const FORBIDDEN_HINT =
  'The credentials of this source may not make this call: they need dcs:instance:analyze and read access ' +
  'to DCS instances and their parameters.';

export const hintFor = (code: string, status?: number): string | undefined =>
  HINTS[code] ?? HINTS[gatewayCode(code)] ?? (status === 403 ? FORBIDDEN_HINT : undefined);

/** What the browser gets for an upstream status: problems between the BFF and the cloud are a bad gateway. */
function clientStatus(upstream: number, code: string): ContentfulStatusCode {
  if (code === DCS_ERRORS.taskGone) return 404;
  if (code === DCS_ERRORS.instanceNotRunning) return 409;
  if (isThrottled(upstream, code)) return 429;
  if (upstream === 401 || isBadCredentials(code)) return 502;
  if (upstream >= 400 && upstream < 500) return upstream as ContentfulStatusCode;
  return 502;
}

/** `label` names the call, e.g. "DCS ShowInstance". */
export const garbledUpstream = (label: string, what: string): ApiError =>
  ApiError.of('badGateway', `${label} answered ${what}`, {
    hint: 'The cloud API answered something the dashboard cannot read; try again later.',
  });

/** A 4xx/5xx answer of DCS or its gateway: the upstream code and message stay, a hint is added. */
export function upstreamError(label: string, status: number, bodyText: string, secrets: SecretSet): ApiError {
  const json = parseJson(bodyText);
  if (json === undefined) return garbledUpstream(label, `HTTP ${status} with a body that is not JSON`);
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return garbledUpstream(label, `HTTP ${status} without an error code`);
  const { error_code: code, error_msg: message } = parsed.data;
  return new ApiError(clientStatus(status, code), code, secrets.redact(message), hintFor(code, status));
}

/** A refused token request: IAM's own code when it gives one, its message without secrets. */
export function iamError(status: number, bodyText: string, secrets: SecretSet): ApiError {
  const parsed = iamErrorBodySchema.safeParse(parseJson(bodyText));
  const hint = status === 401 || status === 403 || status === 400 ? BAD_CREDENTIALS_HINT : undefined;
  if (!parsed.success)
    return new ApiError(502, `IAM.${status}`, `IAM refused the token request (HTTP ${status})`, hint);
  const [code, message] =
    'error_code' in parsed.data
      ? [parsed.data.error_code, parsed.data.error_msg]
      : [`IAM.${parsed.data.error.code}`, parsed.data.error.message];
  return new ApiError(502, code, `IAM refused the token request: ${secrets.redact(message)}`, hint);
}

/** No answer at all: a timeout is a 504, anything else (refused, reset, DNS) a 502. */
export function unreachable(label: string, host: string, error: unknown, timeoutMs: number): ApiError {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return ApiError.of('gatewayTimeout', `${label} at ${host} did not answer within ${timeoutMs / 1000} s`, {
      hint: 'The cloud API is slow or unreachable from the BFF; try again later.',
    });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause && typeof cause.code === 'string' ? ` (${cause.code})` : '';
  return ApiError.of('badGateway', `cannot reach ${label} at ${host}${code}`, {
    hint: 'The BFF cannot connect to the cloud API: check the endpoint of this source and the network.',
  });
}
