import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { AuthConfig } from '../config/config-schema';
import { ApiError } from '../http/api-error';
import type { Identity } from './identity';
import { isLoopbackHost } from '../config/loopback';
import { log } from '../log';
import { AuthThrottle } from './auth-throttle';
import type { Database } from '../store/database';
import { SessionStore } from './session-store';

export const SESSION_COOKIE = 'hotkeys_session';

/** What the authenticator needs to know about one request. */
export interface RequestFacts {
  remoteAddress: string | undefined;
  header(name: string): string | undefined;
  /** How many times the header was sent (HTTP joins repeated headers into one value with ", "). */
  headerCount(name: string): number;
  cookie(name: string): string | undefined;
}

/** The proxy's identity headers: each must come once, or a proxy that appends could be fooled. */
const IDENTITY_HEADERS = ['x-forwarded-user', 'x-forwarded-email', 'x-forwarded-groups'] as const;

const unauthorized = (message: string) => ApiError.of('unauthorized', message);

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** `::ffff:10.0.0.5` is how Node reports an IPv4 peer on a dual-stack socket. */
const plainAddress = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * Turns a request into an Identity according to the configured mode, or refuses it with 401.
 * Secrets (tokens) are read from the environment once and compared in constant time.
 */
export class Authenticator {
  /** Token mode's sessions, once the store is open (`useStore`). */
  sessions: SessionStore | undefined;
  private readonly tokens: { user: string; role: Identity['role']; digest: Buffer }[] = [];
  private readonly trusted = new BlockList();
  private readonly throttle: AuthThrottle;

  constructor(
    readonly config: AuthConfig,
    host: string,
    env: NodeJS.ProcessEnv = process.env,
    throttle: AuthThrottle = new AuthThrottle(),
  ) {
    this.throttle = throttle;
    if (config.mode === 'none' && !isLoopbackHost(host)) {
      throw new Error(
        `auth mode "none" makes everyone an operator, so it is allowed only on a loopback HOST; HOST is ${host}: configure "auth" with mode "token" or "proxy"`,
      );
    }
    if (config.mode === 'token') {
      for (const entry of config.tokens) {
        const token = env[entry.tokenEnv];
        if (!token || token.length < 16) {
          throw new Error(
            `auth token of user ${entry.user}: environment variable ${entry.tokenEnv} must hold at least 16 characters`,
          );
        }
        this.tokens.push({ user: entry.user, role: entry.role, digest: digest(token) });
      }
    }
    if (config.mode === 'proxy') {
      for (const cidr of config.trustedProxies) {
        const [address = '', bits = ''] = cidr.split('/');
        this.trusted.addSubnet(address, Number(bits), isIP(address) === 6 ? 'ipv6' : 'ipv4');
      }
    }
  }

  /**
   * Keeps token mode's sessions in the store: the configuration is checked before anything is opened, the
   * sessions need the open store.
   */
  useStore(db: Database): void {
    if (this.config.mode === 'token') this.sessions = new SessionStore(db, this.config.sessionHours * 3600_000);
  }

  /** The identity a token stands for, or undefined. */
  private matchToken(token: string): Identity | undefined {
    const candidate = digest(token);
    const match = this.tokens.find((t) => timingSafeEqual(t.digest, candidate));
    return match ? { user: match.user, role: match.role } : undefined;
  }

  /**
   * A token tried by a client (a sign-in or a Bearer header): throttled per address, and every failure
   * audited with the address, never the token.
   */
  checkToken(token: string, remoteAddress: string | undefined, action: 'sign-in' | 'bearer token'): Identity {
    const address = remoteAddress ? plainAddress(remoteAddress) : 'unknown';
    try {
      this.throttle.check(address);
    } catch (error) {
      log.info('audit', { action, address, result: 'refused 429' });
      throw error;
    }
    const identity = this.matchToken(token);
    if (!identity) {
      this.throttle.failed(address);
      log.info('audit', { action, address, result: 'refused 401' });
      throw unauthorized(action === 'sign-in' ? 'that token is not valid' : 'the bearer token is not valid');
    }
    this.throttle.succeeded(address);
    return identity;
  }

  /** In proxy mode only the listed proxies may talk to the BFF at all, for pages as for the API. */
  assertProxyPeer(remoteAddress: string | undefined): void {
    if (this.config.mode !== 'proxy') return;
    const address = remoteAddress ? plainAddress(remoteAddress) : '';
    const family = isIP(address);
    if (family === 0 || !this.trusted.check(address, family === 6 ? 'ipv6' : 'ipv4')) {
      throw unauthorized('requests must come through the authenticating proxy');
    }
  }

  async authenticate(request: RequestFacts): Promise<Identity> {
    switch (this.config.mode) {
      case 'none':
        return { user: 'local', role: 'operator' };
      case 'token': {
        const bearer = /^Bearer (.+)$/i.exec(request.header('authorization') ?? '')?.[1];
        if (bearer) return this.checkToken(bearer.trim(), request.remoteAddress, 'bearer token');
        const session = request.cookie(SESSION_COOKIE);
        const identity = session ? await this.sessions?.find(session) : undefined;
        if (!identity) throw unauthorized(session ? 'your session has expired: sign in again' : 'sign in first');
        return identity;
      }
      case 'proxy': {
        this.assertProxyPeer(request.remoteAddress);
        const repeated = IDENTITY_HEADERS.filter((name) => request.headerCount(name) > 1);
        const commaUser = request.header('x-forwarded-user')?.includes(',') ?? false;
        if (repeated.length > 0 || commaUser) {
          const what =
            repeated.length > 0 ? `more than one ${repeated.join(', ')} header` : 'a comma in X-Forwarded-User';
          log.info('audit', {
            action: 'proxy identity',
            address: request.remoteAddress,
            result: `refused 401: ${what}`,
          });
          throw unauthorized(`ambiguous identity from the proxy (${what}): configure it to replace these headers`);
        }
        const user = request.header('x-forwarded-user')?.trim() || request.header('x-forwarded-email')?.trim();
        if (!user) throw unauthorized('the proxy sent no X-Forwarded-User');
        const groups = (request.header('x-forwarded-groups') ?? '').split(',').map((g) => g.trim());
        const operator = this.config.operatorGroups.some((g) => groups.includes(g));
        return { user: user.slice(0, 200), role: operator ? 'operator' : 'viewer' };
      }
    }
  }
}
