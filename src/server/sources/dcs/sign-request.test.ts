import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encodePath, encodeQuery, sdkDate, signRequest } from './sign-request';

const VECTORS_FILE = fileURLToPath(
  new URL('../../../../test-support/dcs-api-examples/SDK-HMAC-SHA256.test-vectors.json', import.meta.url),
);

const vectorSchema = z.object({
  name: z.string(),
  signer_behaviour: z.enum(['sign-all-headers', 'go']),
  ak: z.string(),
  sk: z.string(),
  method: z.string(),
  url: z.string(),
  query: z.record(z.string(), z.union([z.string(), z.number()])),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  canonical_request: z.string(),
  string_to_sign: z.string(),
  authorization: z.string(),
});
const vectors = z.array(vectorSchema).parse(JSON.parse(readFileSync(VECTORS_FILE, 'utf8')));

/**
 * Which headers each official signer signs: the Node core signer signs every header it is given plus
 * `host`; the Go signer skips content-type and names with "_", and its test requests carry no host.
 */
function signedHeadersOf(vector: z.infer<typeof vectorSchema>): Record<string, string> {
  if (vector.signer_behaviour === 'go') {
    return Object.fromEntries(
      Object.entries(vector.headers).filter(([name]) => !/^content-type$/i.test(name) && !name.includes('_')),
    );
  }
  return { ...vector.headers, host: new URL(vector.url).host };
}

describe('SDK-HMAC-SHA256 test vectors', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const url = new URL(vector.url);
    const signature = signRequest(
      {
        method: vector.method,
        path: url.pathname,
        query: Object.entries(vector.query).map(([k, v]) => [k, String(v)] as const),
        headers: signedHeadersOf(vector),
        body: vector.body,
      },
      { ak: vector.ak, sk: vector.sk },
    );
    expect(signature.canonicalRequest).toBe(vector.canonical_request);
    expect(signature.stringToSign).toBe(vector.string_to_sign);
    expect(signature.authorization).toBe(vector.authorization);
  });
});

interface OracleRequest {
  method: string;
  endpoint: string;
  queryParams: Record<string, string | string[]>;
  headers: Record<string, string>;
  data?: unknown;
}
const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: {
    sign(request: OracleRequest, credential: { getAk(): string; getSk(): string }): Record<string, string>;
  };
};

const uuid = fc.uuid();
const alnum = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
  minLength: 1,
  maxLength: 40,
});
// Characters that url.parse (inside the oracle) leaves as they are, so both signers see the same segment.
const segmentChar = fc.constantFrom(...'aZ09-_.~!$&()*+,;=:@'.split(''), 'é', 'ß', 'ü', '中', '文', '😀', 'Ω');
const pathSuffix = fc.oneof(
  fc.constantFrom('', '/configs', '/hotkey-task', '/hotkey-tasks', '/hotkey/autoscan'),
  uuid.map((id) => `/hotkey-task/${id}`),
  fc
    .array(fc.string({ unit: segmentChar, minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 })
    .map((segments) => `/${segments.join('/')}`),
);
const queryValueChar = fc.oneof(
  fc.constantFrom(' ', 'é', '中', '😀', '&', '=', '+', '%', '/', '?', '#', "'", '"', '~'),
  fc.constantFrom(...'abcXYZ0189-_.'.split('')),
);
const query = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom('offset', 'limit', 'status', 'name', 'id', 'include_failure'), alnum),
    fc.string({ unit: queryValueChar, maxLength: 20 }),
  ),
  { maxLength: 6 },
);
const request = fc.record({
  ak: alnum,
  sk: alnum,
  host: fc.constantFrom('dcs.eu-de.otc.t-systems.com', 'dcs.ap-southeast-1.myhuaweicloud.com', '127.0.0.1:39417'),
  projectId: uuid.map((id) => id.replaceAll('-', '')),
  instanceId: uuid,
  suffix: pathSuffix,
  query,
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
  body: fc.option(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }), { nil: undefined }),
  date: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
  contentType: fc.constantFrom('application/json', 'application/json;charset=UTF-8'),
  sendProjectId: fc.boolean(),
  securityToken: fc.option(alnum, { nil: undefined }),
});

describe('agreement with the official Node signer', () => {
  it('signs 600 random DCS requests exactly as @huaweicloud/huaweicloud-sdk-core does', () => {
    fc.assert(
      fc.property(request, (r) => {
        const path = `/v2/${r.projectId}/instances/${r.instanceId}${r.suffix}`;
        const headers: Record<string, string> = { 'X-Sdk-Date': sdkDate(r.date), 'Content-Type': r.contentType };
        if (r.sendProjectId) headers['X-Project-Id'] = r.projectId;
        if (r.securityToken !== undefined) headers['X-Security-Token'] = r.securityToken;
        const body = r.body === undefined ? '' : JSON.stringify(r.body);

        const ours = signRequest(
          { method: r.method, path, query: r.query, headers: { ...headers, host: r.host }, body },
          { ak: r.ak, sk: r.sk },
        );

        const queryParams: Record<string, string | string[]> = {};
        for (const [k, v] of r.query) {
          const seen = queryParams[k];
          queryParams[k] = seen === undefined ? v : [...(Array.isArray(seen) ? seen : [seen]), v];
        }
        const oracle = AKSKSigner.sign(
          { method: r.method, endpoint: `https://${r.host}${path}`, queryParams, headers, data: r.body },
          { getAk: () => r.ak, getSk: () => r.sk },
        );
        expect(ours.authorization).toBe(oracle.Authorization);
      }),
      { seed: 20_261_128, numRuns: 600 },
    );
  });

  it('puts on the wire the same encoding it signs', () => {
    expect(encodePath('/v2/p/a b/é')).toBe('/v2/p/a%20b/%C3%A9');
    expect(encodeQuery([['name', 'a b+c/é']])).toBe('name=a%20b%2Bc%2F%C3%A9');
  });
});
