/**
 * Sizes SCAN steps so that each keeps the server busy for about `targetUs`: while a step runs, every
 * other client of that server waits, so the step's duration is what a scan adds to their worst latency.
 * The cost per key differs between machines, keyspaces and moments, hence measured rather than assumed.
 */
export class StepSizer {
  #count: number;

  constructor(
    private readonly targetUs: number,
    private readonly min: number,
    private readonly max: number,
  ) {
    this.#count = min;
  }

  get count(): number {
    return this.#count;
  }

  /** A step of `count` took `elapsedUs` on the server; the next is sized from it, halfway at a time. */
  observe(count: number, elapsedUs: number): void {
    if (!(elapsedUs > 0) || count <= 0) return;
    const ideal = (this.targetUs * count) / elapsedUs;
    this.#count = Math.round(Math.min(this.max, Math.max(this.min, (this.#count + ideal) / 2)));
  }
}
