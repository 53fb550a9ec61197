import { setTimeout as sleep } from 'node:timers/promises';

/** Idle time given beyond what was owed, kept for later steps: about one timer's lateness, no more. */
const MAX_CREDIT_MS = 1;

/**
 * Leaves the server idle for a share of the time: after steps that kept it busy for `busyUs`, the scan
 * makes sure the server has been idle for busyUs * (1 - dutyCycle) / dutyCycle. Every moment between two
 * steps counts: the round trip of a step beyond its server time (the reply travelling, the BFF turning it
 * round) is idle time the server already gave its other clients, and on a small or slow machine it is as
 * long as the step itself, so the scan waits only for what the round trips did not give. Timers only wait
 * whole milliseconds, so idle time is owed up and paid in one wait once it reaches a millisecond; a late
 * timer's surplus counts towards the next steps, up to a millisecond, so a burst never follows a long pause.
 */
export class Pacer {
  #owedMs = 0;
  /** When the previous step was sent (the last call returned), or undefined before the first step. */
  #sentAt: number | undefined;

  constructor(
    private readonly dutyCycle: () => number,
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** After a step that kept the server busy for `busyUs`; resolves when the next step may be sent. */
  async afterStep(busyUs: number): Promise<void> {
    const dutyCycle = this.dutyCycle();
    const busyMs = busyUs / 1000;
    const roundTripIdleMs = this.#sentAt === undefined ? 0 : Math.max(0, this.now() - this.#sentAt - busyMs);
    if (dutyCycle >= 1) {
      this.#owedMs = 0;
    } else {
      this.#owedMs += (busyMs * (1 - dutyCycle)) / dutyCycle - roundTripIdleMs;
      if (this.#owedMs >= 1) {
        const started = this.now();
        await this.wait(Math.floor(this.#owedMs));
        this.#owedMs -= this.now() - started;
      }
      this.#owedMs = Math.max(-MAX_CREDIT_MS, this.#owedMs);
    }
    this.#sentAt = this.now();
  }
}
