import { expect } from 'vitest';

type Headers = Record<string, string | string[] | undefined>;

/** The headers every BFF response carries, API or SPA, success or error. */
export function expectSecurityHeaders(headers: Headers, what: string): void {
  const csp = String(headers['content-security-policy']);
  expect(csp, `${what}: CSP`).toMatch(/(^|;)\s*script-src 'self'\s*(;|$)/);
  expect(csp, `${what}: CSP`).toMatch(/(^|;)\s*frame-ancestors 'none'\s*(;|$)/);
  expect(headers['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
  expect(headers['referrer-policy'], `${what}: referrer policy`).toMatch(
    /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
  );
  expect(headers['x-frame-options'], `${what}: X-Frame-Options`).toBe('DENY');
}

/** API answers are per user and per moment: no cache, shared or private, may keep them. */
export function expectApiHeaders(headers: Headers, what: string): void {
  expectSecurityHeaders(headers, what);
  expect(headers['cache-control'], `${what}: Cache-Control`).toBe('no-store');
}
