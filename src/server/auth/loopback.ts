import { isIP } from 'node:net';

/** Loopback listen addresses: the only ones where "no authentication" and plain-http cookies are safe. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}
