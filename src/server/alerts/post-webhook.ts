import { setTimeout as sleep } from 'node:timers/promises';
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
export const backoffMs = (attempt: number): number => Math.min(60_000, 1000 * 2 ** (attempt - 1));

/** Timeouts, throttling and server errors may pass; any other answer will not change by asking again. */
const retryable = (status: number): boolean => status === 408 || status === 429 || status >= 500;

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer within the timeout';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `request failed: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}

/** POSTs a JSON message, retrying with backoff up to the target's number of tries. */
export async function postWebhook(target: WebhookTarget, message: unknown, options: PostOptions): Promise<PostOutcome> {
  const body = JSON.stringify(message);
  let error: string | null = null;
  for (let attempt = 1; attempt <= target.maxAttempts; attempt += 1) {
    let retry = true;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'hotkey-dashboard' },
        body,
        // A webhook that redirects is misconfigured; following it could post the alert somewhere unintended.
        redirect: 'manual',
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(target.timeoutMs)]),
      });
      await response.body?.cancel();
      if (response.ok) {
        // The failures before this success stay on record: they tell of a flaky receiver.
        options.onAttempt(attempt, error);
        return { delivered: true, attempts: attempt, error };
      }
      retry = retryable(response.status);
      error = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    } catch (failure) {
      if (options.signal.aborted) throw failure;
      error = describeFailure(failure);
    }
    options.onAttempt(attempt, error);
    if (!retry) return { delivered: false, attempts: attempt, error: `${error} (not retried)` };
    if (attempt < target.maxAttempts) await sleep(options.retryDelayMs(attempt), undefined, { signal: options.signal });
  }
  return { delivered: false, attempts: target.maxAttempts, error };
}
