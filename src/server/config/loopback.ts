import { isIP } from 'node:net';

/**
 * Loopback addresses (`[::1]` as in a URL, too): the only listen addresses where "no authentication" and
 * plain-http cookies are safe, and the only hosts a plain-http cloud endpoint (the test server) may name.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}
