import type { TaskProgress } from '../../../../contract/hotkey-task';

export const PROGRESS_INTERVAL_MS = 250;

interface Unit {
  shard: string;
  scanned: number;
  total: number;
  done: boolean;
}

/**
 * Keys scanned out of the keyspace size, per unit (a cluster master or a standalone database), reported
 * at most every PROGRESS_INTERVAL_MS. Sizes are read before the scan and the keyspace may change during it,
 * so scanned is capped by total until a unit is done, and total becomes what was scanned if that was more.
 */
export class ScanProgress {
  readonly #units = new Map<string, Unit>();
  #lastReport = 0;

  constructor(
    units: { shard: string; total: number }[],
    private readonly report: ((progress: TaskProgress) => void) | undefined,
    private readonly now: () => number = Date.now,
  ) {
    for (const { shard, total } of units) this.#units.set(shard, { shard, total, scanned: 0, done: false });
  }

  add(shard: string, scanned: number): void {
    const unit = this.#units.get(shard);
    if (unit) unit.scanned += scanned;
    if (this.now() - this.#lastReport >= PROGRESS_INTERVAL_MS) this.flush();
  }

  /**
   * Marks a unit done. `keysNow`, its size read at the end, is the total when given: a scan of both halves
   * at once counts the keys where the halves meet twice, and a keyspace may have grown or shrunk meanwhile.
   */
  finish(shard: string, keysNow?: number): void {
    const unit = this.#units.get(shard);
    if (!unit) return;
    unit.total = keysNow ?? Math.max(unit.total, unit.scanned);
    unit.scanned = unit.total;
    unit.done = true;
  }

  snapshot(): TaskProgress {
    const shards = [...this.#units.values()].map((u) => ({
      shard: u.shard,
      scanned: Math.min(u.scanned, u.total),
      total: u.total,
      done: u.done,
    }));
    return {
      scanned: shards.reduce((sum, s) => sum + s.scanned, 0),
      total: shards.reduce((sum, s) => sum + s.total, 0),
      shards,
    };
  }

  flush(): void {
    this.#lastReport = this.now();
    this.report?.(this.snapshot());
  }
}
