/**
 * Time as the scheduler sees it. Injected so tests can stand at 20:59:59 and step into the due minute
 * instead of waiting for it.
 */
export interface Clock {
  now(): Date;
  /** Calls `callback` once after `delayMs`; the returned function cancels it. */
  setTimer(delayMs: number, callback: () => unknown): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(delayMs, callback) {
    const timer = setTimeout(callback, delayMs);
    // The HTTP server keeps the BFF alive; a pending schedule must not keep a finished process (or test) up.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
