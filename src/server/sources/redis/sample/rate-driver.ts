import { performance } from 'node:perf_hooks';
import type { RedisArgument } from 'redis';

/** One key driven at a fixed rate with one command. */
export interface DrivenKey {
  key: string;
  perSecond: number;
  /** `GET` reads, `SET` writes the key; any other command as its whole line (`['HGETALL', key]`). */
  command: 'GET' | 'SET' | readonly string[];
}

/** Anything that sends a command and answers later: a node-redis client or cluster. */
export interface CommandSender {
  sendCommand(args: RedisArgument[]): Promise<unknown>;
}

const commandLine = (key: string, command: DrivenKey['command']): RedisArgument[] =>
  command === 'GET' ? ['GET', key] : command === 'SET' ? ['SET', key, 'v'] : [...command];

/**
 * Traffic of known per-key rates for the sampling tests and benchmark. Each tick sends, per key, what its
 * schedule owes since the start (rate x elapsed, minus what was sent): a late tick on a busy machine is
 * made up by the next one, so every interval of the run carries its true share of each rate. What it sent
 * is counted, with the time of each send, so the truth can be read for any window.
 */
export class RateDriver {
  readonly #sentAt = new Map<string, number[]>();
  #timer: NodeJS.Timeout | undefined;
  #started = 0;
  #inFlight = new Set<Promise<unknown>>();
  errors = 0;

  constructor(
    private readonly sender: CommandSender,
    private readonly keys: DrivenKey[],
    private readonly tickMs = 5,
  ) {
    for (const { key } of keys) this.#sentAt.set(key, []);
  }

  start(): void {
    this.#started = performance.now();
    const tick = () => {
      this.sendDue();
      this.#timer = setTimeout(tick, this.tickMs);
    };
    tick();
  }

  /** Stops sending and waits for the replies still due. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    await Promise.all(this.#inFlight);
  }

  /** Commands sent for `key` in [from, to] (performance.now() times). */
  sentBetween(key: string, from: number, to: number): number {
    return (this.#sentAt.get(key) ?? []).filter((t) => t >= from && t <= to).length;
  }

  private sendDue(): void {
    const now = performance.now();
    const elapsed = (now - this.#started) / 1000;
    for (const { key, perSecond, command } of this.keys) {
      const sent = this.#sentAt.get(key)!;
      const due = Math.floor(perSecond * elapsed) - sent.length;
      for (let i = 0; i < due; i++) {
        sent.push(now);
        const reply = this.sender
          .sendCommand(commandLine(key, command))
          .catch(() => this.errors++)
          .finally(() => this.#inFlight.delete(reply));
        this.#inFlight.add(reply);
      }
    }
  }
}
