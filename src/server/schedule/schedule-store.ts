import type Database from 'better-sqlite3';
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
 * The BFF's own analysis schedules (redis sources) and what each due time became, in the BFF's
 * SQLite file. A due time is claimed in its own row before the analysis starts, so a BFF restarted within
 * the same minute finds the claim and does not start a second analysis.
 */
export class ScheduleStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
    private readonly health: StoreHealth = new StoreHealth(),
  ) {}

  /** An instance never scheduled answers like DCS does for one with auto-scan off. */
  get(instanceId: string): AutoscanConfig {
    const row = this.db.prepare(`SELECT * FROM autoscan_schedules WHERE instance_id = ?`).get(instanceId) as
      ScheduleRow | undefined;
    return row
      ? toConfig(row)
      : { instance_id: instanceId, enable_auto_scan: false, schedule_at: [], updated_at: null };
  }

  put(instanceId: string, update: AutoscanUpdate): AutoscanConfig {
    const times = [...update.schedule_at].sort();
    this.health.write(() =>
      this.db
        .prepare(
          `INSERT INTO autoscan_schedules (instance_id, enabled, times_json, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (instance_id) DO UPDATE SET enabled = excluded.enabled, times_json = excluded.times_json,
             updated_at = excluded.updated_at`,
        )
        .run(instanceId, update.enable_auto_scan ? 1 : 0, JSON.stringify(times), this.now().toISOString()),
    );
    return this.get(instanceId);
  }

  enabled(): EnabledSchedule[] {
    const rows = this.db.prepare(`SELECT * FROM autoscan_schedules WHERE enabled = 1`).all() as ScheduleRow[];
    return rows.map((row) => ({ instanceId: row.instance_id, times: toConfig(row).schedule_at }));
  }

  /** True for the one caller that gets to run this due time; false when it was claimed before. */
  claim(instanceId: string, dueAt: Date): boolean {
    const claimAndPrune = this.db.transaction(() => {
      const { changes } = this.db
        .prepare(
          `INSERT OR IGNORE INTO autoscan_runs (instance_id, due_at, outcome, recorded_at)
           VALUES (?, ?, 'claimed', ?)`,
        )
        .run(instanceId, dueAt.toISOString(), this.now().toISOString());
      if (changes > 0) this.prune(instanceId);
      return changes > 0;
    });
    return this.health.write(claimAndPrune);
  }

  settle(
    instanceId: string,
    dueAt: Date,
    outcome: ScheduleRun['outcome'],
    detail: { taskId?: string; reason?: string },
  ): void {
    this.health.write(() =>
      this.db
        .prepare(
          `UPDATE autoscan_runs SET outcome = ?, task_id = ?, reason = ?, recorded_at = ?
           WHERE instance_id = ? AND due_at = ?`,
        )
        .run(
          outcome,
          detail.taskId ?? null,
          detail.reason ?? null,
          this.now().toISOString(),
          instanceId,
          dueAt.toISOString(),
        ),
    );
  }

  /** Start-up: a claim never settled belongs to a BFF that stopped mid-start; say so instead of hiding it. */
  settleAbandoned(): number {
    return this.health.write(
      () =>
        this.db
          .prepare(`UPDATE autoscan_runs SET outcome = 'failed', reason = ?, recorded_at = ? WHERE outcome = 'claimed'`)
          .run(ABANDONED_REASON, this.now().toISOString()).changes,
    );
  }

  /** Newest due time first. */
  runs(instanceId: string, limit: number): ScheduleRun[] {
    const rows = this.db
      .prepare(
        `SELECT due_at, outcome, task_id, reason, recorded_at FROM autoscan_runs
         WHERE instance_id = ? AND outcome != 'claimed' ORDER BY due_at DESC LIMIT ?`,
      )
      .all(instanceId, limit) as RunRow[];
    return rows.map((row) => ({ ...row, outcome: row.outcome as ScheduleRun['outcome'] }));
  }

  private prune(instanceId: string): void {
    this.db
      .prepare(
        `DELETE FROM autoscan_runs WHERE instance_id = ? AND due_at IN (
           SELECT due_at FROM autoscan_runs WHERE instance_id = ? ORDER BY due_at DESC LIMIT -1 OFFSET ?)`,
      )
      .run(instanceId, instanceId, MAX_RUNS_PER_INSTANCE);
  }
}
