import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from './database';

/** No heartbeat reaches this: on SQLite every replica but this process is taken for gone. */
const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');
/** Rows of replicas silent this long are dropped: nothing they owned can still be running. */
const FORGET_AFTER_MS = 24 * 3600_000;

/**
 * The condition on a row's `owner` that it belongs to a gone replica: none, or one other than the caller whose
 * heartbeat is older than the given time. Binds two values: the caller's id, then that time (ISO text).
 */
export const OWNER_GONE = `(owner IS NULL OR (owner <> ? AND owner NOT IN (SELECT id FROM replicas WHERE heartbeat_at >= ?)))`;

export interface ReplicaOptions {
  /** A replica silent this long is gone (PostgreSQL); SQLite has one process per file, so any other is gone. */
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * This BFF process as one of the replicas on the store: a row with its heartbeat, which analyses, watches,
 * claims and deliveries name as their owner. Each beat also sweeps what gone replicas owned (`onSweep`), so a
 * replica killed mid-analysis has its analysis marked interrupted by another within the timeout.
 */
export class Replica {
  readonly id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> = Promise.resolve();
  /** When this replica's current run of successful beats began; undefined after a beat failed. */
  private beatingSince: number | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly options: ReplicaOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Heartbeats older than this belong to gone replicas. */
  aliveSince(): Date {
    if (this.db.kind === 'sqlite' || this.options.timeoutMs === undefined) return END_OF_TIME;
    return new Date(this.now().getTime() - this.options.timeoutMs);
  }

  async register(): Promise<void> {
    const now = this.now().toISOString();
    // A SQLite file has one process: rows of earlier lives (killed before they could remove theirs) go now.
    if (this.db.kind === 'sqlite') await this.db.run(`DELETE FROM replicas`);
    await this.db.run(`INSERT INTO replicas (id, started_at, heartbeat_at) VALUES (?, ?, ?)`, [this.id, now, now]);
    this.beatingSince = Date.parse(now);
  }

  /** Beats (and sweeps) a few times per timeout; SQLite has no other replica to tell, so it only sweeps once. */
  start(onSweep: () => Promise<void>): void {
    if (this.db.kind === 'sqlite' || this.options.timeoutMs === undefined) return;
    const every = Math.min(1000, this.options.timeoutMs / 3);
    this.timer = setInterval(() => {
      this.beating = this.beating.then(() => this.beat(onSweep));
    }, every);
    this.timer.unref();
  }

  private async beat(onSweep: () => Promise<void>): Promise<void> {
    try {
      const now = this.now();
      const beaten = await this.db.run(`UPDATE replicas SET heartbeat_at = ? WHERE id = ?`, [
        now.toISOString(),
        this.id,
      ]);
      // A row forgotten during a long outage comes back: this replica is alive.
      if (beaten === 0) {
        await this.db.run(`INSERT INTO replicas (id, started_at, heartbeat_at) VALUES (?, ?, ?)`, [
          this.id,
          now.toISOString(),
          now.toISOString(),
        ]);
      }
      await this.db.run(`DELETE FROM replicas WHERE heartbeat_at < ?`, [
        new Date(now.getTime() - FORGET_AFTER_MS).toISOString(),
      ]);
      this.beatingSince ??= now.getTime();
      // After an outage of the store every replica's heartbeat is old, the live ones' too: sweep only once this
      // replica has beaten without a break for a whole timeout, by when every live replica has beaten again.
      if (now.getTime() - this.beatingSince >= (this.options.timeoutMs ?? 0)) await onSweep();
    } catch {
      // The store is unreachable for now; health says so, and the next beat tries again.
      this.beatingSince = undefined;
    }
  }

  /** Shutdown: no more beats, and the row goes (what it owned was ended by the shutdown itself). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    await this.db.run(`DELETE FROM replicas WHERE id = ?`, [this.id]).catch(() => undefined);
  }
}
