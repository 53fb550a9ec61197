import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { AnalysisMethod } from '../../contract/hotkey-task';
import { type Watch, watchSkipSchema, type WatchStatus } from '../../contract/watch';
import { StoreHealth } from '../store/store-health';

/** Watches kept per instance, the oldest ended ones dropped first. */
export const MAX_WATCHES_PER_INSTANCE = 50;
/** Skipped iterations a watch remembers, newest kept. */
export const SKIPS_KEPT = 20;

/** A watch as stored: the contract's shape without its task ids, which the task records hold. */
export type StoredWatch = Omit<Watch, 'task_ids'>;

interface WatchRow {
  id: string;
  instance_id: string;
  status: WatchStatus;
  method: AnalysisMethod;
  every_seconds: number;
  for_seconds: number;
  started_at: string;
  ends_at: string;
  started_by: string;
  ended_at: string | null;
  end_reason: string | null;
  skips_json: string;
}

const skipsSchema = z.array(watchSkipSchema);

const toWatch = (row: WatchRow): StoredWatch => ({
  id: row.id,
  instance_id: row.instance_id,
  status: row.status,
  method: row.method,
  every_seconds: row.every_seconds,
  for_seconds: row.for_seconds,
  started_at: row.started_at,
  ends_at: row.ends_at,
  started_by: row.started_by,
  ended_at: row.ended_at,
  end_reason: row.end_reason,
  skips: skipsSchema.parse(JSON.parse(row.skips_json)),
});

/** Watches in the BFF's SQLite file, so that a shared link to one still opens after it ended or the BFF restarted. */
export class WatchStore {
  constructor(
    private readonly db: Database.Database,
    private readonly health: StoreHealth = new StoreHealth(),
  ) {}

  insert(watch: StoredWatch): void {
    const insertAndPrune = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO watches (id, instance_id, status, method, every_seconds, for_seconds, started_at, ends_at,
             started_by, ended_at, end_reason, skips_json)
           VALUES (@id, @instance_id, @status, @method, @every_seconds, @for_seconds, @started_at, @ends_at,
             @started_by, @ended_at, @end_reason, @skips_json)`,
        )
        .run({ ...watch, skips_json: JSON.stringify(watch.skips) });
      this.db
        .prepare(
          `DELETE FROM watches WHERE seq IN (
             SELECT seq FROM watches WHERE instance_id = ? AND status != 'running'
             ORDER BY seq DESC LIMIT -1 OFFSET ?)`,
        )
        .run(watch.instance_id, MAX_WATCHES_PER_INSTANCE - 1);
    });
    this.health.write(insertAndPrune);
  }

  get(instanceId: string, id: string): StoredWatch | undefined {
    const row = this.db.prepare(`SELECT * FROM watches WHERE instance_id = ? AND id = ?`).get(instanceId, id) as
      WatchRow | undefined;
    return row ? toWatch(row) : undefined;
  }

  /** Newest first. */
  list(instanceId: string): StoredWatch[] {
    const rows = this.db
      .prepare(`SELECT * FROM watches WHERE instance_id = ? ORDER BY seq DESC`)
      .all(instanceId) as WatchRow[];
    return rows.map(toWatch);
  }

  running(instanceId: string): StoredWatch | undefined {
    const row = this.db
      .prepare(`SELECT * FROM watches WHERE instance_id = ? AND status = 'running' ORDER BY seq DESC LIMIT 1`)
      .get(instanceId) as WatchRow | undefined;
    return row ? toWatch(row) : undefined;
  }

  /** Ends a running watch; false when it had already ended (stopped twice, or finished meanwhile). */
  end(id: string, status: Exclude<WatchStatus, 'running'>, at: Date, reason: string): boolean {
    return this.health.write(
      () =>
        this.db
          .prepare(`UPDATE watches SET status = ?, ended_at = ?, end_reason = ? WHERE id = ? AND status = 'running'`)
          .run(status, at.toISOString(), reason, id).changes > 0,
    );
  }

  /** Ends every watch still marked running: its BFF is gone, and no timer of this one will drive it. */
  interruptAll(at: Date, reason: string): number {
    return this.health.write(
      () =>
        this.db
          .prepare(`UPDATE watches SET status = 'interrupted', ended_at = ?, end_reason = ? WHERE status = 'running'`)
          .run(at.toISOString(), reason).changes,
    );
  }

  recordSkip(id: string, at: Date, reason: string): void {
    const append = this.db.transaction(() => {
      const row = this.db.prepare(`SELECT skips_json FROM watches WHERE id = ?`).get(id) as
        { skips_json: string } | undefined;
      if (!row) return;
      const skips = [...skipsSchema.parse(JSON.parse(row.skips_json)), { at: at.toISOString(), reason }];
      this.db
        .prepare(`UPDATE watches SET skips_json = ? WHERE id = ?`)
        .run(JSON.stringify(skips.slice(-SKIPS_KEPT)), id);
    });
    this.health.write(append);
  }
}
