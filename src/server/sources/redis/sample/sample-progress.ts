import type { TaskProgress } from '../../../../contract/hotkey-task';
import { PROGRESS_INTERVAL_MS } from '../scan/scan-progress';

/**
 * A sampling's progress is time: milliseconds of the window elapsed out of the window, per master, so the
 * UI can count down. A master counts from the moment its MONITOR was acknowledged.
 */
export class SampleProgress {
  readonly #started = new Map<string, number>();
  #done = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly shards: string[],
    private readonly windowMs: number,
    private readonly report: ((progress: TaskProgress) => void) | undefined,
    private readonly now: () => number,
  ) {}

  start(shard: string, at: number): void {
    this.#started.set(shard, at);
  }

  /** Reports now and then every PROGRESS_INTERVAL_MS until `finish`. */
  run(): void {
    this.flush();
    this.#timer = setInterval(() => this.flush(), PROGRESS_INTERVAL_MS);
  }

  finish(): void {
    clearInterval(this.#timer);
    this.#done = true;
    this.flush();
  }

  snapshot(): TaskProgress {
    const now = this.now();
    const shards = this.shards.map((shard) => {
      const started = this.#started.get(shard);
      const elapsed = started === undefined ? 0 : Math.min(this.windowMs, Math.round(now - started));
      return { shard, scanned: this.#done ? this.windowMs : elapsed, total: this.windowMs, done: this.#done };
    });
    return {
      scanned: Math.min(...shards.map((s) => s.scanned)),
      total: this.windowMs,
      shards,
    };
  }

  private flush(): void {
    this.report?.(this.snapshot());
  }
}
