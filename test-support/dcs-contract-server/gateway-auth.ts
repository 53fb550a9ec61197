import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { sdkDateToEpochMs, signRequest } from '../../src/server/sources/dcs/sign-request';
import { seededUuid } from './random-draws';

export interface ContractCredentials {
  ak: string;
  sk: string;
  /** Temporary credentials: the request must carry it as X-Security-Token, signed. */
  securityToken?: string;
}

export interface ContractIamUser {
  domain: string;
  user: string;
  password: string;
}

export interface GatewayRejection {
  status: number;
  body: Record<string, unknown>;
}

const MAX_SKEW_MS = 15 * 60_000;

const rejection = (status: number, code: string, message: string, requestId: string): GatewayRejection => ({
  status,
  body: { error_msg: message, error_code: code, request_id: requestId },
});

/** Issued tokens, each valid until its expiry or until the test expires them all. */
export class TokenBook {
  private readonly tokens = new Map<string, { expiresAt: number }>();
  private issued = 0;

  constructor(
    private readonly now: () => number,
    private readonly random: () => number,
    private readonly ttlMs: number,
  ) {}

  issue(): { token: string; issuedAt: number; expiresAt: number } {
    this.issued++;
    const token = `MIIDkgYJKoZIhvcNAQcC${Buffer.from(`${seededUuid(this.random)}:${this.issued}`).toString('base64')}`;
    const issuedAt = this.now();
    const expiresAt = issuedAt + this.ttlMs;
    this.tokens.set(token, { expiresAt });
    return { token, issuedAt, expiresAt };
  }

  all(): string[] {
    return [...this.tokens.keys()];
  }

  /** IAM revokes before the documented 24 h at times; the test says when. */
  expireAll(): void {
    for (const entry of this.tokens.values()) entry.expiresAt = Math.min(entry.expiresAt, this.now() - 1);
  }

  check(token: string, requestId: string): GatewayRejection | undefined {
    const entry = this.tokens.get(token);
    if (!entry) {
      return rejection(401, 'APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail', requestId);
    }
    if (this.now() > entry.expiresAt) return rejection(401, 'APIGW.0307', 'The token must be updated.', requestId);
    return undefined;
  }
}

const AUTHORIZATION = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9;_-]+), Signature=([0-9a-f]{64})$/;

/** Headers that must be signed whenever they are sent. */
const MUST_SIGN = ['host', 'content-type', 'x-sdk-date', 'x-project-id', 'x-security-token'];

/**
 * Verifies an AK/SK request the way the gateway does: rebuilds the canonical request from what arrived
 * on the wire (the decoded path re-encoded, the decoded query re-encoded, the signed headers as received,
 * the exact body bytes) and compares signatures. Rejections echo the AK like the real gateway does.
 */
export function verifySignature(
  req: IncomingMessage,
  body: string,
  credentials: ContractCredentials,
  now: number,
  requestId: string,
): GatewayRejection | undefined {
  const fail = (detail: string) =>
    rejection(401, 'APIG.0301', `Incorrect IAM authentication information: ${detail}`, requestId);
  const match = AUTHORIZATION.exec(req.headers.authorization ?? '');
  if (!match) return fail('Authorization header is not an SDK-HMAC-SHA256 signature');
  const [, access, signedHeaderList, signature] = match as unknown as [string, string, string, string];
  if (access !== credentials.ak) return fail(`ak ${access} not exist`);
  const signed = signedHeaderList.split(';');
  for (const name of MUST_SIGN) {
    if (req.headers[name] !== undefined && !signed.includes(name)) return fail(`header ${name} is not signed`);
  }
  const date = typeof req.headers['x-sdk-date'] === 'string' ? req.headers['x-sdk-date'] : '';
  const dateMs = sdkDateToEpochMs(date);
  if (!signed.includes('host') || dateMs === undefined) return fail('host and x-sdk-date must be signed');
  if (Math.abs(now - dateMs) > MAX_SKEW_MS) {
    const serverTime = new Date(now)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    return rejection(
      401,
      'APIG.0303',
      `Incorrect app authentication information: signature expired, signature time:${date},server time:${serverTime}`,
      requestId,
    );
  }
  if (credentials.securityToken !== undefined && req.headers['x-security-token'] !== credentials.securityToken) {
    return fail('security token invalid');
  }
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : rawUrl.slice(queryAt + 1);
  let path: string;
  let query: Array<[string, string]>;
  const headers: Record<string, string> = {};
  try {
    path = rawPath.split('/').map(decodeURIComponent).join('/');
    query = rawQuery
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq === -1
          ? [decodeURIComponent(pair), '']
          : [decodeURIComponent(pair.slice(0, eq)), decodeURIComponent(pair.slice(eq + 1))];
      });
    for (const name of signed) {
      const value = req.headers[name];
      if (typeof value !== 'string') return fail(`signed header ${name} is missing`);
      headers[name] = value;
    }
  } catch {
    return fail('the request URI cannot be decoded');
  }
  const expected = signRequest({ method: req.method ?? 'GET', path, query, headers, body }, credentials);
  const expectedSignature = expected.authorization.slice(expected.authorization.lastIndexOf('=') + 1);
  if (!timingSafeEqual(Buffer.from(expectedSignature), Buffer.from(signature))) {
    return fail(`verify aksk signature fail, ak:${access}`);
  }
  return undefined;
}
