import { ApiError } from '../http/api-error';

export interface AuthThrottleOptions {
  now?: () => number;
  /** Failures an address may have in a window; the last of them starts the first wait. */
  freeFailures?: number;
  windowMs?: number;
  /** The longest wait; each failure past the free ones doubles it, from one second. */
  maxWaitMs?: number;
  /** Failures of all addresses together per minute beyond which only addresses known good may try. */
  globalPerMinute?: number;
  /** How long a successful sign-in keeps its address known good. */
  knownGoodMs?: number;
}

const DEFAULTS = {
  freeFailures: 5,
  windowMs: 15 * 60_000,
  maxWaitMs: 15 * 60_000,
  globalPerMinute: 100,
  knownGoodMs: 12 * 3600_000,
};

/** Addresses remembered at most; the oldest are forgotten first, so a flood of addresses cannot fill memory. */
const MAX_ADDRESSES = 10_000;

interface AddressState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/** Map order is insertion order: re-inserting an entry makes it the newest. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ADDRESSES) map.delete(map.keys().next().value!);
}

/**
 * Slows down token guessing. Each client address has a few free failures, then waits that double with each
 * further failure; while it waits, its tries get 429 without the token being looked at (so 429 tells nothing
 * about a token). Failures of all addresses together are bounded too: past that, only addresses that signed
 * in successfully lately may try. One address's failures never hold back another's success.
 */
export class AuthThrottle {
  private readonly addresses = new Map<string, AddressState>();
  private readonly knownGood = new Map<string, number>();
  private recentFailures: number[] = [];
  private readonly options: Required<Omit<AuthThrottleOptions, 'now'>>;
  private readonly now: () => number;

  constructor(options: AuthThrottleOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.now = options.now ?? Date.now;
  }

  /** Throws 429 with Retry-After when the address may not try a token now. */
  check(address: string): void {
    const now = this.now();
    const state = this.addresses.get(address);
    if (state && state.blockedUntil > now) throw tooMany(state.blockedUntil - now, 'from this address');
    this.recentFailures = this.recentFailures.filter((at) => now - at < 60_000);
    const good = this.knownGood.get(address);
    const trusted = good !== undefined && now - good < this.options.knownGoodMs;
    if (!trusted && this.recentFailures.length >= this.options.globalPerMinute) {
      throw tooMany(60_000 - (now - this.recentFailures[0]!), 'in total');
    }
  }

  failed(address: string): void {
    const now = this.now();
    const previous = this.addresses.get(address);
    const failures = previous && now - previous.lastFailureAt < this.options.windowMs ? previous.failures + 1 : 1;
    const past = failures - this.options.freeFailures;
    const wait = past >= 0 ? Math.min(this.options.maxWaitMs, 1000 * 2 ** past) : 0;
    remember(this.addresses, address, { failures, lastFailureAt: now, blockedUntil: now + wait });
    this.recentFailures.push(now);
  }

  succeeded(address: string): void {
    this.addresses.delete(address);
    remember(this.knownGood, address, this.now());
  }
}

const tooMany = (waitMs: number, scope: string): ApiError => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return ApiError.of('tooManyRequests', `too many failed sign-ins ${scope}; try again in ${seconds} s`, {
    headers: { 'Retry-After': String(seconds) },
  });
};
