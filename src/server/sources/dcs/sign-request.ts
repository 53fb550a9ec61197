import { createHash, createHmac } from 'node:crypto';

/**
 * SDK-HMAC-SHA256, the AK/SK signature of the Huawei Cloud / OTC API gateway, written to the documented
 * rules (see the DCS API reference, "Authentication").
 */
export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

export interface SignableRequest {
  method: string;
  /** The decoded path (`/v2/{p}/instances`); every segment is percent-encoded here, as on the wire. */
  path: string;
  query: ReadonlyArray<readonly [string, string]>;
  /** Exactly the headers to sign (any case), `host` and `X-Sdk-Date` among them. */
  headers: Readonly<Record<string, string>>;
  /** The exact body bytes sent, `''` for none. */
  body: string;
}

export interface AkSk {
  ak: string;
  sk: string;
}

export interface Signature {
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  authorization: string;
}

/** RFC 3986: unreserved characters stay, every other UTF-8 byte becomes `%XX` (uppercase). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function sdkDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function sdkDateToEpochMs(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second] = m.map(Number) as number[];
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
}

/** Wire and canonical form share the encoding, so the gateway's decode-and-re-encode finds the same bytes. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeRfc3986).join('/');
}

export function encodeQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return query.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
}

const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function canonicalUri(path: string): string {
  const encoded = encodePath(path);
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/** Sorted by raw key, then raw value for a repeated key, as the official signers sort before encoding. */
function canonicalQuery(query: ReadonlyArray<readonly [string, string]>): string {
  const sorted = [...query].sort(([ka, va], [kb, vb]) => compareCodeUnits(ka, kb) || compareCodeUnits(va, vb));
  return encodeQuery(sorted);
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

export function signRequest(request: SignableRequest, credentials: AkSk): Signature {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .sort(([a], [b]) => compareCodeUnits(a, b));
  const date = headers.find(([name]) => name === 'x-sdk-date')?.[1];
  if (date === undefined) throw new Error('the X-Sdk-Date header must be signed');
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query),
    headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
  const stringToSign = [SIGNING_ALGORITHM, date, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', credentials.sk).update(stringToSign, 'utf8').digest('hex');
  return {
    canonicalRequest,
    stringToSign,
    signedHeaders,
    authorization: `${SIGNING_ALGORITHM} Access=${credentials.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
