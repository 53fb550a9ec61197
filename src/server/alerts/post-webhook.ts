import { exponentialBackoff, withRetries } from '../retry/with-retries';
import type { WebhookTarget } from './alerts-config';

export interface PostOutcome {
  delivered: boolean;
  attempts: number;
  /** The last failure, in words that carry no part of the URL. */
  error: string | null;
}

export interface PostOptions {
  /** Aborts waits and requests when the BFF shuts down. */
  signal: AbortSignal;
  /** Wait before try `attempt + 1`. */
  retryDelayMs: (attempt: number) => number;
  onAttempt: (attempts: number, error: string | null) => void;
}

/** One second, then doubling, capped at a minute: five tries span about fifteen seconds. */
export const backoffMs = exponentialBackoff({ baseMs: 1000, capMs: 60_000 });

/** Timeouts, throttling and server errors may pass; any other answer will not change by asking again. */
const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** A try that did not deliver, described without any part of the URL. */
class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer within the timeout';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `request failed: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}

/** POSTs a JSON message, retrying with backoff up to the target's number of tries. */
export async function postWebhook(target: WebhookTarget, message: unknown, options: PostOptions): Promise<PostOutcome> {
  const body = JSON.stringify(message);
  let attempts = 0;
  let error: string | null = null;
  const post = async (attempt: number): Promise<void> => {
    attempts = attempt;
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'hotkey-dashboard' },
      body,
      // A webhook that redirects is misconfigured; following it could post the alert somewhere unintended.
      redirect: 'manual',
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(target.timeoutMs)]),
    }).catch((failure: unknown) => {
      if (options.signal.aborted) throw failure;
      throw new DeliveryFailure(describeFailure(failure), true);
    });
    await response.body?.cancel();
    if (!response.ok) {
      const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      throw new DeliveryFailure(status, retryableStatus(response.status));
    }
    // The failures before this success stay on record: they tell of a flaky receiver.
    options.onAttempt(attempt, error);
  };
  try {
    await withRetries(post, {
      attempts: target.maxAttempts,
      delayMs: options.retryDelayMs,
      isRetryable: (failure) => failure instanceof DeliveryFailure && failure.retryable,
      onFailure: (failure, attempt) => {
        if (!(failure instanceof DeliveryFailure)) return;
        error = failure.message;
        options.onAttempt(attempt, error);
      },
      signal: options.signal,
    });
    return { delivered: true, attempts, error };
  } catch (failure) {
    // Anything but a failed try (the BFF shutting down) is the caller's to handle.
    if (!(failure instanceof DeliveryFailure)) throw failure;
    return {
      delivered: false,
      attempts,
      error: failure.retryable ? failure.message : `${failure.message} (not retried)`,
    };
  }
}
