import { ApiError } from './api-error';

/**
 * Analyses cost the server they scan: each user may start a bounded number per minute (a sliding window).
 */
export class StartLimiter {
  private readonly starts = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a start for the user, or throws 429 with the seconds until the next one is allowed. */
  take(user: string): void {
    const now = this.now();
    const recent = (this.starts.get(user) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((60_000 - (now - (recent[0] ?? now))) / 1000));
      throw ApiError.of(
        'tooManyRequests',
        `at most ${this.perMinute} analyses a minute per user; try again in ${retryAfter} s`,
        { headers: { 'Retry-After': String(retryAfter) } },
      );
    }
    recent.push(now);
    this.starts.set(user, recent);
  }
}
