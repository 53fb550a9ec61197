import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbeFigures } from '../../../../contract/hotkey-task';
import type { RedisEndpoint } from '../redis-connection';
import { ShardConnection } from '../scan/shard-connection';
import { LatencyHistogram } from './latency-histogram';

type Phase = 'before' | 'during' | 'stopped';

/** Replies of one stretch of the baseline; the budget's reference is the median of the stretches' p99s. */
export const BASELINE_STRETCH = 100;

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * Another client of one server, as the analysis's neighbours see it: a PING, a pause, the next PING, on a
 * connection of its own, each reply's latency recorded by when it was sent (before the analysis, or during
 * it). PING touches no key, so probing changes none of what the analysis measures; at some 400 a second it
 * costs the server well under a percent of one core.
 */
export class ShardProbe {
  readonly before = new LatencyHistogram();
  readonly during = new LatencyHistogram();
  /** The replies since the pacing last looked: what the analysis does to the server now. */
  readonly recent = new LatencyHistogram();
  readonly #stretch = new LatencyHistogram();
  readonly #stretchP99s: number[] = [];
  #phase: Phase = 'before';
  #loop: Promise<void> = Promise.resolve();
  #openedAt = performance.now();
  #duringFrom = 0;
  #duringTo = 0;

  private constructor(
    readonly shard: string,
    private readonly connection: ShardConnection,
    private readonly pauseMs: number,
  ) {}

  /** Connects and starts probing, a PING after each pause of `pauseMs`; `before` runs until `startDuring`. */
  static async open(endpoint: RedisEndpoint, url: string, shard: string, pauseMs: number): Promise<ShardProbe> {
    const probe = new ShardProbe(shard, await ShardConnection.open(endpoint, url, shard), pauseMs);
    probe.#loop = probe.#run();
    return probe;
  }

  /** Sends one PING and records its latency; false once the connection is gone. */
  async #ping(phase: Exclude<Phase, 'stopped'>): Promise<boolean> {
    const sent = performance.now();
    try {
      await this.connection.wait(this.connection.send(['PING']));
    } catch {
      // A lost probe leaves the analysis running; it reports what was measured until then.
      return false;
    }
    const ms = performance.now() - sent;
    if (phase === 'before') {
      this.before.record(ms);
      this.#recordStretch(ms);
    } else {
      this.during.record(ms);
      this.recent.record(ms);
    }
    return true;
  }

  async #run(): Promise<void> {
    while (this.#phase !== 'stopped') {
      if (!(await this.#ping(this.#phase))) return;
      await sleep(this.pauseMs);
    }
  }

  #recordStretch(ms: number): void {
    this.#stretch.record(ms);
    if (this.#stretch.count < BASELINE_STRETCH) return;
    this.#stretchP99s.push(this.#stretch.percentileMs(99));
    this.#stretch.reset();
  }

  /**
   * What the budget measures a rise from: the median of the p99s of the baseline's stretches. One stall of a
   * busy machine during the baseline (the BFF or Redis not scheduled for some milliseconds) would otherwise
   * set the whole baseline's p99, and no rise the analysis causes would stand out above it; the quietest
   * stretch alone would be stricter than the machine ever is, and slow a gentle scan for the machine's own
   * noise. The figures reported (`probe_p99_ms_before`) stay the whole baseline's.
   */
  baselineP99(): number {
    const sorted = [...this.#stretchP99s].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] ?? this.before.percentileMs(99);
  }

  startDuring(): void {
    this.#phase = 'during';
    this.#duringFrom = performance.now();
  }

  /** Ends the probing; an analysis too short for a single probe during it gets one right at its end. */
  async stop(): Promise<void> {
    if (this.#phase === 'stopped') return;
    this.#duringTo = performance.now();
    this.#phase = 'stopped';
    await this.#loop;
    if (this.during.count === 0) await this.#ping('during');
  }

  /**
   * The p99 of the replies since the last call, once at least `minSamples` arrived (fewer say too little
   * about a p99); undefined before that.
   */
  takeRecentP99(minSamples: number): number | undefined {
    if (this.recent.count < minSamples) return undefined;
    const p99 = this.recent.percentileMs(99);
    this.recent.reset();
    return p99;
  }

  get beforeMs(): number {
    return (this.#duringFrom || performance.now()) - this.#openedAt;
  }

  get duringMs(): number {
    return this.#duringFrom === 0 ? 0 : (this.#duringTo || performance.now()) - this.#duringFrom;
  }

  figures(): ProbeFigures {
    return probeFigures(this.before, this.during);
  }

  close(): void {
    this.#phase = 'stopped';
    this.connection.close();
  }
}

export function probeFigures(before: LatencyHistogram, during: LatencyHistogram): ProbeFigures {
  return {
    probe_p50_ms_before: round(before.percentileMs(50)),
    probe_p99_ms_before: round(before.percentileMs(99)),
    probe_p50_ms_during: round(during.percentileMs(50)),
    probe_p99_ms_during: round(during.percentileMs(99)),
    samples: during.count,
    samples_before: before.count,
  };
}
