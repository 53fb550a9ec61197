/**
 * The bytes MONITOR may deliver to the BFF in one sampling, shared by every master's connection: a busy
 * server can send far more than the BFF should hold or parse, so past the limit the sampling stops and
 * keeps what it gathered.
 */
export class IntakeBudget {
  #used = 0;

  constructor(
    readonly limit: number,
    private readonly onExhausted: () => void,
  ) {}

  get used(): number {
    return this.#used;
  }

  get exhausted(): boolean {
    return this.#used > this.limit;
  }

  /** Counts a line; the first line past the limit stops the sampling. */
  take(bytes: number): void {
    const wasExhausted = this.exhausted;
    this.#used += bytes;
    if (!wasExhausted && this.exhausted) this.onExhausted();
  }
}
