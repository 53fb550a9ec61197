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

/** One reply: when its command was sent (epoch ms, comparable with other processes' clocks) and its latency. */
export interface ProbeSample {
  atEpochMs: number;
  ms: number;
}

/**
 * The latencies of the replies that waited at some time in [fromEpochMs, toEpochMs]: sent during it, or
 * sent before and answered after its start (a command held up by what began meanwhile).
 */
export const within = (samples: ProbeSample[], fromEpochMs: number, toEpochMs: number): number[] =>
  samples.filter((s) => s.atEpochMs <= toEpochMs && s.atEpochMs + s.ms >= fromEpochMs).map((s) => s.ms);

const epochNow = () => performance.timeOrigin + performance.now();

/**
 * The benchmark's own view of the server, independent of the engine's probe: another client in another
 * process, one GET every `intervalMs` on its own connection, the latency of each recorded. The key does
 * not exist, so probing never changes the freqs being measured.
 */
export class LatencyProbe {
  #running = false;
  #loop: Promise<void> | undefined;
  #samples: ProbeSample[] = [];

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
    this.#samples = [];
    this.#loop = (async () => {
      while (this.#running) {
        const atEpochMs = epochNow();
        const started = performance.now();
        // An error reply is still a reply: its latency counts like any other.
        await this.client.get(this.key).catch(() => undefined);
        this.#samples.push({ atEpochMs, ms: performance.now() - started });
        await sleep(Math.max(0, this.intervalMs - (performance.now() - started)));
      }
    })();
  }

  async stop(): Promise<ProbeSample[]> {
    this.#running = false;
    await this.#loop;
    return this.#samples;
  }

  /** The probe's samples while `work` runs. */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; samples: ProbeSample[] }> {
    this.start();
    try {
      const result = await work();
      return { result, samples: await this.stop() };
    } finally {
      this.#running = false;
    }
  }

  async idle(ms: number): Promise<number[]> {
    return (await this.during(() => sleep(ms))).samples.map((s) => s.ms);
  }

  close(): void {
    if (this.client.isOpen) this.client.destroy();
  }
}
