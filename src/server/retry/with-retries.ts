import pRetry from 'p-retry';
import { setTimeout as sleep } from 'node:timers/promises';

/** The one retry policy of the BFF's outbound calls (webhooks, the cloud API). */
export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before try `attempt + 1`. */
  delayMs: (attempt: number) => number;
  /** Whether a failure may pass by asking again; any other failure ends the call at once. */
  isRetryable: (error: unknown) => boolean;
  onFailure?: (error: unknown, attempt: number) => void;
  /** Ends waits and further tries (the BFF shutting down). */
  signal?: AbortSignal;
}

/**
 * Doubling waits from `baseMs`, capped at `capMs`. With `random`, each wait lies between half and all of its
 * ceiling, so that many callers failing together do not retry in step.
 */
export const exponentialBackoff =
  ({ baseMs, capMs = Number.POSITIVE_INFINITY, random }: { baseMs: number; capMs?: number; random?: () => number }) =>
  (attempt: number): number => {
    const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
    return random ? ceiling / 2 + (random() * ceiling) / 2 : ceiling;
  };

/** Runs `attempt` until it succeeds, a failure is not retryable, or the attempts are spent; rejects with the last failure. */
export function withRetries<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { attempts, delayMs, isRetryable, onFailure, signal } = options;
  return pRetry(attempt, {
    retries: attempts - 1,
    // The waits are ours (delayMs), taken in onFailedAttempt, so tests can shorten them and jitter is seeded.
    minTimeout: 0,
    signal,
    shouldRetry: ({ error }) => isRetryable(error),
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
      onFailure?.(error, attemptNumber);
      if (retriesLeft > 0 && isRetryable(error)) await sleep(delayMs(attemptNumber), undefined, { signal });
    },
  });
}
