/** SCAN COUNT bounds of one call inside a step. */
const MIN_COUNT = 10;
const MAX_COUNT = 1000;

/**
 * Sizes the work inside one server-side step from what the server's steps have cost per key so far: each
 * SCAN call inside the step covers about an eighth of its time, so the step, which checks the server's
 * clock between calls, ends close to its target on a fast or a slow server alike. Where the clock stands
 * still inside scripts, the step cannot see its own time and the key cap bounds it instead.
 */
export class StepSizer {
  /** A first guess (about what one key costs on a 2020s server); the first step corrects it. */
  #usPerKey = 2;
  #serverClock = true;

  /** A step covered `scanned` keys in `elapsedUs`, timed by the server's clock or else by the round trip. */
  observe(scanned: number, elapsedUs: number, serverClock: boolean): void {
    this.#serverClock = serverClock;
    if (!(elapsedUs > 0) || scanned <= 0) return;
    this.#usPerKey = (this.#usPerKey + elapsedUs / scanned) / 2;
  }

  innerCount(stepUs: number): number {
    return Math.round(Math.min(MAX_COUNT, Math.max(MIN_COUNT, stepUs / 8 / this.#usPerKey)));
  }

  /** A bound the clock normally makes moot; the step's only bound where the clock stands still. */
  maxKeys(stepUs: number): number {
    return Math.max(MIN_COUNT, Math.ceil(((this.#serverClock ? 4 : 1) * stepUs) / this.#usPerKey));
  }
}
