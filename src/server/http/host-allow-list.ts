import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { isLoopbackHost } from '../config/loopback';

/** `name` or `name:port`, lower case, without a trailing dot; IPv6 in brackets as in a URL. */
interface HostEntry {
  name: string;
  port: string | undefined;
}

function parseHost(raw: string): HostEntry | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(raw.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase().replace(/\.$/, ''), port: match[2] };
}

export const isHostEntry = (raw: string): boolean => parseHost(raw) !== undefined;

export interface HostAllowListOptions {
  /** The listen address (HOST). */
  host: string;
  /** The port the BFF listens on; known only once it does (PORT 0 picks one). */
  port: () => number;
  publicUrl?: string;
  /** Further names the dashboard is reached by (`name` or `name:port`). */
  allowedHosts?: readonly string[];
}

/**
 * The Host names the dashboard serves: the listen address (every interface's address when it listens on
 * all), the loopback names when it listens on loopback, the publicUrl's host and `allowedHosts`. A page on
 * another name (a rebinding domain that resolves to 127.0.0.1, say) reaches the BFF with that name in Host
 * and Origin; comparing Origin with Host would pass it, comparing both with this list does not.
 */
export class HostAllowList {
  private readonly fixed: HostEntry[];
  /** The addresses the listen address stands for: itself, or every interface's for a wildcard. */
  private readonly addresses: string[];

  constructor(private readonly options: HostAllowListOptions) {
    const { host, publicUrl, allowedHosts = [] } = options;
    this.fixed = allowedHosts.map((raw) => parseHost(raw)!);
    if (publicUrl) this.fixed.push(parseHost(new URL(publicUrl).host)!);
    const addresses = isWildcard(host) ? interfaceAddresses() : [host];
    if (addresses.some(isLoopbackHost)) addresses.push('localhost', '127.0.0.1', '::1');
    this.addresses = [...new Set(addresses.map((a) => parseHost(isIP(a) === 6 ? `[${a}]` : a)?.name ?? a))];
  }

  /** The listen address's own names, on the port the BFF listens on. */
  private own(): HostEntry[] {
    const port = String(this.options.port());
    return this.addresses.map((name) => ({ name, port }));
  }

  /** Whether a request's Host (or an Origin's host part) names this dashboard. An entry without port matches a Host without one. */
  allows(raw: string): boolean {
    const asked = parseHost(raw);
    if (!asked) return false;
    return [...this.own(), ...this.fixed].some((entry) => entry.name === asked.name && entry.port === asked.port);
  }
}

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]';

const interfaceAddresses = (): string[] =>
  Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info ? [info.address] : []));
