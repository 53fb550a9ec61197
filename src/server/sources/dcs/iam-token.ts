import type { ApiError } from '../../http/api-error';
import { readBoundedText } from './bounded-body';
import { garbledUpstream, iamError, parseJson, unreachable } from './dcs-errors';
import { iamTokenBodySchema } from './dcs-payloads';
import type { SecretSet } from './secret-redaction';

export interface IamPasswordIdentity {
  /** `https://iam.eu-de.otc.t-systems.com/v3` or `https://iam.myhuaweicloud.com`: both are accepted. */
  iamEndpoint: string;
  domain: string;
  user: string;
  password: string;
  projectId: string;
}

export interface IamTokenOptions {
  fetch: typeof fetch;
  now: () => number;
  timeoutMs: number;
  secrets: SecretSet;
}

/** Renew this long before expiry (or at half-life for short tokens), so no request carries a dying token. */
const RENEW_MARGIN_MS = 10 * 60_000;
const MIN_TOKEN_USE_MS = 60_000;
/** After IAM refused the password, ask again only this much later: repeated failures lock the user. */
const REFUSAL_PAUSE_MS = 60_000;

export function tokenUrl(iamEndpoint: string): string {
  const base = iamEndpoint.replace(/\/+$/, '');
  return `${base.endsWith('/v3') ? base : `${base}/v3`}/auth/tokens?nocatalog=true`;
}

/**
 * A project-scoped IAM token for one source: cached, renewed before it expires, and renewed once after
 * DCS rejects it, with a single renewal shared by every request that was in flight.
 */
export class IamTokenProvider {
  private current: { token: string; renewAt: number; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private refusal: { until: number; error: ApiError } | undefined;

  constructor(
    private readonly identity: IamPasswordIdentity,
    private readonly options: IamTokenOptions,
  ) {}

  async token(): Promise<string> {
    const current = this.current;
    if (current && this.options.now() < current.renewAt) return current.token;
    try {
      return await this.renew();
    } catch (error) {
      // An early renewal that failed leaves a token that is still good for a while.
      if (current && this.current === current && this.options.now() < current.expiresAt) return current.token;
      throw error;
    }
  }

  /** After a 401 for `rejected`: a newer token if another request already renewed, else one shared renewal. */
  renewAfterRejection(rejected: string): Promise<string> {
    if (this.current && this.current.token !== rejected) return Promise.resolve(this.current.token);
    this.current = undefined;
    return this.renew();
  }

  private renew(): Promise<string> {
    this.pending ??= this.requestToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async requestToken(): Promise<string> {
    const { fetch, now, timeoutMs, secrets } = this.options;
    if (this.refusal && now() < this.refusal.until) throw this.refusal.error;
    const url = tokenUrl(this.identity.iamEndpoint);
    const label = 'IAM token request';
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: {
              name: this.identity.user,
              password: this.identity.password,
              domain: { name: this.identity.domain },
            },
          },
        },
        scope: { project: { id: this.identity.projectId } },
      },
    });
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json;charset=utf8' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await readBoundedText(response);
    } catch (error) {
      throw unreachable(label, new URL(url).host, error, timeoutMs);
    }
    if (response.status !== 201) {
      const error = iamError(response.status, text, secrets);
      if (response.status >= 400 && response.status < 500) this.refusal = { until: now() + REFUSAL_PAUSE_MS, error };
      throw error;
    }
    const token = response.headers.get('x-subject-token');
    const parsed = iamTokenBodySchema.safeParse(parseJson(text));
    if (!token || !parsed.success) throw garbledUpstream(label, 'HTTP 201 without a token and its expiry');
    secrets.add(token);
    const receivedAt = now();
    const expiresAt = Date.parse(parsed.data.token.expires_at);
    const lifetime = Math.max(0, expiresAt - receivedAt);
    // A clock far off IAM's must not turn every request into a renewal.
    const renewAt = Math.max(receivedAt + MIN_TOKEN_USE_MS, expiresAt - Math.min(RENEW_MARGIN_MS, lifetime / 2));
    this.current = { token, renewAt, expiresAt };
    this.refusal = undefined;
    return token;
  }
}
