interface Entry<V> {
  startedAt: number;
  state: { settled: boolean; failed: boolean; final: boolean };
  promise: Promise<V>;
}

export interface SingleFlightCacheOptions<V> {
  /** How long a value is reused after its load started. */
  ttlMs: number;
  /** How long an error is reused; ttlMs when not given. */
  errorTtlMs?: number;
  now: () => number;
  maxEntries: number;
  /** A value that cannot change any more (a finished task) is reused until evicted. */
  isFinal?: (value: V) => boolean;
}

/**
 * However many callers ask for a key, at most one load runs for it, and one starts at most once per
 * `ttlMs`: the fan-in that keeps a hundred polling browsers from turning into a hundred upstream calls.
 * The least recently used key is evicted first.
 */
export class SingleFlightCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly options: SingleFlightCacheOptions<V>) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.options.now();
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && this.reusable(hit, now)) {
      this.entries.set(key, hit);
      return hit.promise;
    }
    const state = { settled: false, failed: false, final: false };
    const promise = load().then(
      (value) => {
        state.settled = true;
        state.final = this.options.isFinal?.(value) ?? false;
        return value;
      },
      (error: unknown) => {
        state.settled = true;
        state.failed = true;
        throw error;
      },
    );
    // Callers observe the rejection; the cached copy must not count as unhandled.
    promise.catch(() => undefined);
    this.entries.set(key, { startedAt: now, state, promise });
    if (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return promise;
  }

  private reusable(entry: Entry<V>, now: number): boolean {
    const { settled, failed, final } = entry.state;
    if (!settled || final) return true;
    const ttl = failed ? (this.options.errorTtlMs ?? this.options.ttlMs) : this.options.ttlMs;
    return now - entry.startedAt < ttl;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
