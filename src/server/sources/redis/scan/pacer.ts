import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Leaves the server idle for a share of the time: after steps that kept it busy for `busyUs`, the scan
 * waits until the server has been idle for busyUs * (1 - dutyCycle) / dutyCycle. While the server is idle
 * it serves its other clients at once, and on a machine with few cores the scan's client and server
 * leave the CPUs to other processes. Timers only wait whole milliseconds, so idle time is owed up and
 * paid in one wait once it reaches a millisecond.
 */
export class Pacer {
  #owedMs = 0;

  constructor(
    private readonly dutyCycle: () => number,
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async afterStep(busyUs: number): Promise<void> {
    const dutyCycle = this.dutyCycle();
    if (dutyCycle >= 1) {
      this.#owedMs = 0;
      return;
    }
    this.#owedMs += ((busyUs / 1000) * (1 - dutyCycle)) / dutyCycle;
    if (this.#owedMs < 1) return;
    const started = this.now();
    await this.wait(Math.floor(this.#owedMs));
    this.#owedMs -= this.now() - started;
  }
}
