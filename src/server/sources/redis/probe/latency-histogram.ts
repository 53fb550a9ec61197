import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/**
 * Latencies kept as an HDR histogram (Node's own): percentiles to three significant figures in memory
 * bounded whatever the number of samples, so a probe can run for the longest analysis.
 */
export class LatencyHistogram {
  readonly #histogram: RecordableHistogram = createHistogram({ lowest: 1, highest: 3_600_000_000, figures: 3 });

  /** Recorded in whole microseconds: the histogram holds integers, and a reply takes at least one. */
  record(ms: number): void {
    this.#histogram.record(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.#histogram.count;
  }

  /** The latency `percent` of the samples do not exceed, in ms; 0 when there is no sample. */
  percentileMs(percent: number): number {
    return this.count === 0 ? 0 : this.#histogram.percentile(percent) / 1000;
  }

  add(other: LatencyHistogram): void {
    this.#histogram.add(other.#histogram);
  }

  reset(): void {
    this.#histogram.reset();
  }
}
