import type { ProbeFigures } from '../../../../contract/hotkey-task';
import { LatencyHistogram } from './latency-histogram';
import { epochMs } from './probe-messages';

/** Replies of one stretch of the baseline; the budget's reference is the median of the stretches' p99s. */
export const BASELINE_STRETCH = 100;

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * Another client of one server, as the analysis's neighbours see it: the latencies of its PINGs (sent by the
 * probe thread, see `ProbeThread`), each recorded by when it was sent: before the analysis, or during it.
 */
export class ShardProbe {
  readonly before = new LatencyHistogram();
  readonly during = new LatencyHistogram();
  /** The replies since the pacing last looked: what the analysis does to the server now. */
  readonly recent = new LatencyHistogram();
  readonly #stretch = new LatencyHistogram();
  readonly #stretchP99s: number[] = [];
  /** When the first PING was sent (epoch ms): the baseline's start, not the thread's start-up before it. */
  #firstSentAt: number | undefined;
  /** When the analysis's window began and ended (epoch ms), 0 until then. */
  #duringFrom = 0;
  #duringTo = 0;

  constructor(readonly shard: string) {}

  /** One PING's latency, sent at `sentAt` (epoch ms). */
  record(sentAt: number, ms: number): void {
    this.#firstSentAt ??= sentAt;
    if (this.#duringFrom === 0 || sentAt < this.#duringFrom) {
      this.before.record(ms);
      this.#recordStretch(ms);
    } else {
      this.during.record(ms);
      this.recent.record(ms);
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
    this.#duringFrom = epochMs();
  }

  /** The analysis's window ended; PINGs still in flight count towards it. */
  endDuring(): void {
    this.#duringTo ||= epochMs();
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
    const end = this.#duringFrom || epochMs();
    return end - Math.min(end, this.#firstSentAt ?? end);
  }

  get duringMs(): number {
    return this.#duringFrom === 0 ? 0 : (this.#duringTo || epochMs()) - this.#duringFrom;
  }

  figures(): ProbeFigures {
    return probeFigures(this.before, this.during);
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
