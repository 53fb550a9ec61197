import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';

export interface LatencySummary {
  samples: number;
  p50: number;
  p99: number;
}

export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { samples: sorted.length, p50: at(0.5), p99: at(0.99) };
}

/**
 * Another client of the server: one GET every `intervalMs` on its own connection, the latency of each
 * recorded. The key does not exist, so probing never changes the freqs being measured.
 */
export class LatencyProbe {
  #running = false;
  #loop: Promise<void> | undefined;
  #latencies: number[] = [];

  private constructor(
    private readonly client: ReturnType<typeof createClient>,
    private readonly key: string,
    private readonly intervalMs: number,
  ) {}

  /** `key` must be served by this node (on a cluster, a key of one of its slots) and absent. */
  static async connect(url: string, key = 'bench:probe:absent', intervalMs = 2): Promise<LatencyProbe> {
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    return new LatencyProbe(client, key, intervalMs);
  }

  start(): void {
    this.#running = true;
    this.#latencies = [];
    this.#loop = (async () => {
      while (this.#running) {
        const started = performance.now();
        // An error reply is still a reply: its latency counts like any other.
        await this.client.get(this.key).catch(() => undefined);
        this.#latencies.push(performance.now() - started);
        await sleep(Math.max(0, this.intervalMs - (performance.now() - started)));
      }
    })();
  }

  async stop(): Promise<number[]> {
    this.#running = false;
    await this.#loop;
    return this.#latencies;
  }

  /** The probe's latencies while `work` runs. */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; latencies: number[] }> {
    this.start();
    try {
      const result = await work();
      return { result, latencies: await this.stop() };
    } finally {
      this.#running = false;
    }
  }

  async idle(ms: number): Promise<number[]> {
    return (await this.during(() => sleep(ms))).latencies;
  }

  close(): void {
    if (this.client.isOpen) this.client.destroy();
  }
}
