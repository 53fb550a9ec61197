import { performance } from 'node:perf_hooks';
import type { RedisArgument } from 'redis';
import { readCommand, type SeededKey } from '../local-redis/seed-workload';
import { seededRandom } from '../local-redis/seeded-random';

/** A client that sends one command routed by its key (a node-redis client, or a cluster's router). */
export interface KeyedSender {
  send(key: string, args: RedisArgument[]): Promise<unknown>;
}

/** One database (standalone) or shard (cluster) the workload reads and writes. */
export interface WorkloadTarget {
  sender: KeyedSender;
  /** Read on a Zipf-like curve, first hottest; one of them is the moving hot key at any time. */
  keys: SeededKey[];
  /** Prefix of the counters the workload writes (a hash tag on a cluster keeps them on the shard). */
  prefix: string;
}

export interface DemoWorkloadOptions {
  /** Commands per second over all targets. */
  rate?: number;
  /** The moving hot key changes this often. */
  moveEveryMs?: number;
  /** Share of commands that write (INCR on a few counters). */
  writeShare?: number;
  /** Share of each target's reads that go to its current hot key. */
  hotShare?: number;
  seed?: number;
  tickMs?: number;
  /** Milliseconds on a monotonic clock; tests move it to move the hot key. */
  now?: () => number;
}

export const DEMO_DEFAULTS = {
  rate: 3000,
  moveEveryMs: 3 * 60_000,
  writeShare: 0.1,
  hotShare: 0.3,
  seed: 7,
  tickMs: 100,
} as const;

const COUNTERS = 20;

export interface DemoWorkload {
  /** The hot key of each target now. */
  hotKeys(): string[];
  /** Commands sent so far. */
  sent(): number;
  /** Sends no more and waits for the replies still due. */
  stop(): Promise<void>;
}

/** Which of `count` keys is hot in the given period: the same for every run with the same seed. */
export function hotKeyIndex(seed: number, period: number, target: number, count: number): number {
  return Math.floor(seededRandom(seed * 7919 + period * 104_729 + target)() * count);
}

/** A Zipf-like pick (weight 1/(rank+1)) by binary search over the cumulative weights. */
function zipfPicker(count: number): (u: number) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 0; rank < count; rank++) cumulative.push((total += 1 / (rank + 1)));
  return (u) => {
    const goal = u * total;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < goal) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/**
 * A light, steady workload for the embedded demo, so that its heat keeps changing: skewed reads of the seeded
 * warm keys, some writes, and in each target a hot key that moves every few minutes. Each tick sends what the
 * rate owes since the start, at most two ticks' worth, so a stalled event loop never turns into a burst.
 */
export function startDemoWorkload(targets: WorkloadTarget[], options: DemoWorkloadOptions = {}): DemoWorkload {
  const { rate, moveEveryMs, writeShare, hotShare, seed, tickMs } = { ...DEMO_DEFAULTS, ...options };
  const now = options.now ?? (() => performance.now());
  const random = seededRandom(seed);
  const pickers = targets.map((target) => zipfPicker(target.keys.length));
  const inFlight = new Set<Promise<unknown>>();
  const started = now();
  let sent = 0;
  let forgiven = 0;
  let errors = 0;
  let timer: NodeJS.Timeout | undefined;
  const period = () => Math.floor((now() - started) / moveEveryMs);
  const hotOf = (index: number) =>
    targets[index]!.keys[hotKeyIndex(seed, period(), index, targets[index]!.keys.length)]!;

  const sendOne = () => {
    const index = Math.floor(random() * targets.length);
    const target = targets[index]!;
    let key: string;
    let args: RedisArgument[];
    if (random() < writeShare) {
      key = `${target.prefix}demo:counter:${pickers[index]!(random()) % COUNTERS}`;
      args = ['INCR', key];
    } else {
      const read = random() < hotShare ? hotOf(index) : target.keys[pickers[index]!(random())]!;
      key = read.key;
      args = readCommand(read);
    }
    const reply = target.sender
      .send(key, args)
      .catch(() => errors++)
      .finally(() => inFlight.delete(reply));
    inFlight.add(reply);
    sent++;
  };

  const tick = () => {
    const owed = Math.floor((rate * (now() - started)) / 1000) - sent - forgiven;
    const due = Math.min(owed, Math.ceil((2 * rate * tickMs) / 1000));
    for (let i = 0; i < due; i++) sendOne();
    // What a stall cost is forgiven, not sent later.
    if (owed > due) forgiven += owed - due;
    timer = setTimeout(tick, tickMs);
  };
  if (targets.length > 0 && targets.every((target) => target.keys.length > 0)) tick();

  return {
    hotKeys: () => targets.map((_, index) => hotOf(index).key),
    sent: () => sent - errors,
    async stop() {
      clearTimeout(timer);
      await Promise.all(inFlight);
    },
  };
}
