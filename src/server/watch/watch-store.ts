import { z } from 'zod';
import type { AnalysisMethod } from '../../contract/hotkey-task';
import { type Watch, watchSkipSchema, type WatchStatus } from '../../contract/watch';
import type { Database } from '../store/database';
import { OWNER_GONE } from '../store/replica';
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

/**
 * Watches in the store, so that a shared link to one still opens after it ended or the BFF restarted. Each
 * running watch names the replica whose timers drive it.
 */
export class WatchStore {
  constructor(
    private readonly db: Database,
    private readonly health: StoreHealth = new StoreHealth(),
  ) {}

  async insert(watch: StoredWatch, owner: string | null = null): Promise<void> {
    await this.health.write(() =>
      this.db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO watches (id, instance_id, status, method, every_seconds, for_seconds, started_at, ends_at,
             started_by, ended_at, end_reason, skips_json, owner)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            watch.id,
            watch.instance_id,
            watch.status,
            watch.method,
            watch.every_seconds,
            watch.for_seconds,
            watch.started_at,
            watch.ends_at,
            watch.started_by,
            watch.ended_at,
            watch.end_reason,
            JSON.stringify(watch.skips),
            owner,
          ],
        );
        const ended = `instance_id = ? AND status <> 'running'`;
        await tx.run(
          `DELETE FROM watches WHERE ${ended} AND seq NOT IN (
             SELECT seq FROM watches WHERE ${ended} ORDER BY seq DESC LIMIT ?)`,
          [watch.instance_id, watch.instance_id, MAX_WATCHES_PER_INSTANCE - 1],
        );
      }),
    );
  }

  async get(instanceId: string, id: string): Promise<StoredWatch | undefined> {
    const row = await this.db.get<WatchRow>(`SELECT * FROM watches WHERE instance_id = ? AND id = ?`, [instanceId, id]);
    return row ? toWatch(row) : undefined;
  }

  /** Newest first. */
  async list(instanceId: string): Promise<StoredWatch[]> {
    const rows = await this.db.all<WatchRow>(`SELECT * FROM watches WHERE instance_id = ? ORDER BY seq DESC`, [
      instanceId,
    ]);
    return rows.map(toWatch);
  }

  async running(instanceId: string): Promise<StoredWatch | undefined> {
    const row = await this.db.get<WatchRow>(
      `SELECT * FROM watches WHERE instance_id = ? AND status = 'running' ORDER BY seq DESC LIMIT 1`,
      [instanceId],
    );
    return row ? toWatch(row) : undefined;
  }

  /** Ends a running watch; false when it had already ended (stopped twice, or finished meanwhile). */
  async end(id: string, status: Exclude<WatchStatus, 'running'>, at: Date, reason: string): Promise<boolean> {
    const changed = await this.health.write(() =>
      this.db.run(`UPDATE watches SET status = ?, ended_at = ?, end_reason = ? WHERE id = ? AND status = 'running'`, [
        status,
        at.toISOString(),
        reason,
        id,
      ]),
    );
    return changed > 0;
  }

  /** Ends the running watches of one replica (its shutdown): no timer will drive them any more. */
  interruptOwnedBy(owner: string, at: Date, reason: string): Promise<number> {
    return this.health.write(() =>
      this.db.run(
        `UPDATE watches SET status = 'interrupted', ended_at = ?, end_reason = ? WHERE status = 'running' AND owner = ?`,
        [at.toISOString(), reason, owner],
      ),
    );
  }

  /**
   * Ends the running watches whose replica is gone (other than `self`, heartbeat older than `aliveSince`): no
   * timer drives them any more, and none ever will.
   */
  interruptOrphans(self: string, aliveSince: Date, at: Date, reason: string): Promise<number> {
    return this.health.write(() =>
      this.db.run(
        `UPDATE watches SET status = 'interrupted', ended_at = ?, end_reason = ? WHERE status = 'running' AND ${OWNER_GONE}`,
        [at.toISOString(), reason, self, aliveSince.toISOString()],
      ),
    );
  }

  async recordSkip(id: string, at: Date, reason: string): Promise<void> {
    await this.health.write(() =>
      this.db.transaction(async (tx) => {
        const row = await tx.get<{ skips_json: string }>(`SELECT skips_json FROM watches WHERE id = ?`, [id]);
        if (!row) return;
        const skips = [...skipsSchema.parse(JSON.parse(row.skips_json)), { at: at.toISOString(), reason }];
        await tx.run(`UPDATE watches SET skips_json = ? WHERE id = ?`, [JSON.stringify(skips.slice(-SKIPS_KEPT)), id]);
      }),
    );
  }
}
