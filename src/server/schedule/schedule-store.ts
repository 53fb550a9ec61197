import type { Database } from '../store/database';
import { OWNER_GONE } from '../store/replica';
import { StoreHealth } from '../store/store-health';
import type { AutoscanConfig, AutoscanUpdate, ScheduleRun } from '../../contract/autoscan';

/** Scheduler outcomes kept per instance, newest first; enough for a few days of hourly runs. */
export const MAX_RUNS_PER_INSTANCE = 100;
export const ABANDONED_REASON = 'the BFF stopped between claiming this due time and starting the analysis';

interface ScheduleRow {
  instance_id: string;
  enabled: number;
  times_json: string;
  updated_at: string;
}

interface RunRow {
  due_at: string;
  outcome: ScheduleRun['outcome'] | 'claimed';
  task_id: string | null;
  reason: string | null;
  recorded_at: string;
}

export interface EnabledSchedule {
  instanceId: string;
  times: string[];
}

const toConfig = (row: ScheduleRow): AutoscanConfig => ({
  instance_id: row.instance_id,
  enable_auto_scan: row.enabled === 1,
  schedule_at: JSON.parse(row.times_json) as string[],
  updated_at: row.updated_at,
});

/**
 * The BFF's own analysis schedules (redis sources) and what each due time became, in the store. A due time is
 * claimed in its own row (unique per instance and due time) before the analysis starts, so a BFF restarted within
 * the same minute, or another replica ticking in the same minute, finds the claim and starts nothing.
 */
export class ScheduleStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
    private readonly health: StoreHealth = new StoreHealth(),
  ) {}

  /** An instance never scheduled answers like DCS does for one with auto-scan off. */
  async get(instanceId: string): Promise<AutoscanConfig> {
    const row = await this.db.get<ScheduleRow>(`SELECT * FROM autoscan_schedules WHERE instance_id = ?`, [instanceId]);
    return row
      ? toConfig(row)
      : { instance_id: instanceId, enable_auto_scan: false, schedule_at: [], updated_at: null };
  }

  async put(instanceId: string, update: AutoscanUpdate): Promise<AutoscanConfig> {
    const times = [...update.schedule_at].sort();
    await this.health.write(() =>
      this.db.run(
        `INSERT INTO autoscan_schedules (instance_id, enabled, times_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (instance_id) DO UPDATE SET enabled = excluded.enabled, times_json = excluded.times_json,
           updated_at = excluded.updated_at`,
        [instanceId, update.enable_auto_scan ? 1 : 0, JSON.stringify(times), this.now().toISOString()],
      ),
    );
    return this.get(instanceId);
  }

  async enabled(): Promise<EnabledSchedule[]> {
    const rows = await this.db.all<ScheduleRow>(`SELECT * FROM autoscan_schedules WHERE enabled = 1`);
    return rows.map((row) => ({ instanceId: row.instance_id, times: toConfig(row).schedule_at }));
  }

  /** True for the one caller (on any replica) that gets to run this due time; false when it was claimed before. */
  claim(instanceId: string, dueAt: Date, owner: string): Promise<boolean> {
    return this.health.write(() =>
      this.db.transaction(async (tx) => {
        const changes = await tx.run(
          `INSERT INTO autoscan_runs (instance_id, due_at, outcome, recorded_at, owner)
           VALUES (?, ?, 'claimed', ?, ?) ON CONFLICT DO NOTHING`,
          [instanceId, dueAt.toISOString(), this.now().toISOString(), owner],
        );
        if (changes > 0) {
          await tx.run(
            `DELETE FROM autoscan_runs WHERE instance_id = ? AND due_at NOT IN (
               SELECT due_at FROM autoscan_runs WHERE instance_id = ? ORDER BY due_at DESC LIMIT ?)`,
            [instanceId, instanceId, MAX_RUNS_PER_INSTANCE],
          );
        }
        return changes > 0;
      }),
    );
  }

  async settle(
    instanceId: string,
    dueAt: Date,
    outcome: ScheduleRun['outcome'],
    detail: { taskId?: string; reason?: string },
  ): Promise<void> {
    await this.health.write(() =>
      this.db.run(
        `UPDATE autoscan_runs SET outcome = ?, task_id = ?, reason = ?, recorded_at = ?
         WHERE instance_id = ? AND due_at = ?`,
        [
          outcome,
          detail.taskId ?? null,
          detail.reason ?? null,
          this.now().toISOString(),
          instanceId,
          dueAt.toISOString(),
        ],
      ),
    );
  }

  /**
   * A claim never settled by a replica that is gone (other than `self`, heartbeat older than `aliveSince`)
   * belongs to a BFF that stopped mid-start; say so instead of hiding it.
   */
  settleAbandoned(self: string, aliveSince: Date): Promise<number> {
    return this.health.write(() =>
      this.db.run(
        `UPDATE autoscan_runs SET outcome = 'failed', reason = ?, recorded_at = ?
         WHERE outcome = 'claimed' AND ${OWNER_GONE}`,
        [ABANDONED_REASON, this.now().toISOString(), self, aliveSince.toISOString()],
      ),
    );
  }

  /** Newest due time first. */
  async runs(instanceId: string, limit: number): Promise<ScheduleRun[]> {
    const rows = await this.db.all<RunRow>(
      `SELECT due_at, outcome, task_id, reason, recorded_at FROM autoscan_runs
       WHERE instance_id = ? AND outcome <> 'claimed' ORDER BY due_at DESC LIMIT ?`,
      [instanceId, limit],
    );
    return rows.map((row) => ({ ...row, outcome: row.outcome as ScheduleRun['outcome'] }));
  }
}
