import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { AuthThrottle } from './auth-throttle';

/** The Retry-After of a refusal, or undefined when the address may try. */
function retryAfter(throttle: AuthThrottle, address: string): number | undefined {
  try {
    throttle.check(address);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    return Number((error as ApiError).headers['Retry-After']);
  }
}

describe('AuthThrottle', () => {
  it('lets an address fail five times, then makes it wait, doubling with each further failure', () => {
    let now = 0;
    const throttle = new AuthThrottle({ now: () => now });
    for (let i = 0; i < 5; i++) {
      expect(retryAfter(throttle, '10.0.0.1')).toBeUndefined();
      throttle.failed('10.0.0.1');
    }
    expect(retryAfter(throttle, '10.0.0.1')).toBe(1);
    now += 1000;
    throttle.failed('10.0.0.1');
    expect(retryAfter(throttle, '10.0.0.1')).toBe(2);
    now += 2000;
    throttle.failed('10.0.0.1');
    expect(retryAfter(throttle, '10.0.0.1')).toBe(4);
    // another address is not held back by these failures
    expect(retryAfter(throttle, '10.0.0.2')).toBeUndefined();
  });

  it('caps the wait, and forgets failures older than the window', () => {
    let now = 0;
    const throttle = new AuthThrottle({ now: () => now, maxWaitMs: 60_000, windowMs: 600_000 });
    for (let i = 0; i < 30; i++) {
      throttle.failed('10.0.0.1');
      now += 1;
    }
    expect(retryAfter(throttle, '10.0.0.1')).toBe(60);
    now += 600_001;
    expect(retryAfter(throttle, '10.0.0.1')).toBeUndefined();
    throttle.failed('10.0.0.1');
    expect(retryAfter(throttle, '10.0.0.1')).toBeUndefined();
  });

  it('bounds the failures of all addresses together, but not for an address that signed in lately', () => {
    let now = 0;
    const throttle = new AuthThrottle({ now: () => now, globalPerMinute: 10 });
    throttle.succeeded('10.9.9.9');
    for (let i = 0; i < 10; i++) throttle.failed(`10.0.1.${i}`);
    expect(retryAfter(throttle, '10.0.2.1')).toBeGreaterThan(0);
    expect(retryAfter(throttle, '10.9.9.9')).toBeUndefined();
    now += 60_000;
    expect(retryAfter(throttle, '10.0.2.1')).toBeUndefined();
  });

  it('clears an address on success', () => {
    const throttle = new AuthThrottle({ now: () => 0 });
    for (let i = 0; i < 7; i++) throttle.failed('10.0.0.1');
    throttle.succeeded('10.0.0.1');
    expect(retryAfter(throttle, '10.0.0.1')).toBeUndefined();
  });
});
