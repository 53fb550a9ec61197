import type Database from 'better-sqlite3';
import { ApiError } from '../http/api-error';
import { StoreHealth } from './store-health';
import type { KeyRecord, Task, TaskList, TaskListQuery, TaskRecord } from '../../contract/hotkey-task';
import { impactMeasuredSchema, keyRecordSchema, sampledSchema } from '../../contract/hotkey-task';
import type { LastAnalysis } from '../../contract/instance-summary';
import { z } from 'zod';

/** DCS keeps at most 100 analysis records per instance, the oldest going first; so do we. */
export const MAX_RECORDS_PER_INSTANCE = 100;
/**
 * Analyses started by watches are kept apart, so that a watch never pushes the manual and scheduled history
 * out: enough for one watch at its densest (every 10 s for 4 h).
 */
export const MAX_WATCH_RECORDS_PER_INSTANCE = 1500;
export const INTERRUPTED_REASON = 'interrupted by restart: the BFF stopped while this analysis was running';

interface TaskRow {
  id: string;
  instance_id: string;
  status: Task['status'];
  scan_type: Task['scan_type'];
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  num: number | null;
  failure_reason: string | null;
  impact: Task['impact'] | null;
  method: Task['method'] | null;
  seconds: number | null;
  note: string | null;
  keys_json: string | null;
  measured_json: string | null;
  kept_copy: number;
  lfu_log_factor: number | null;
  lfu_decay_time: number | null;
  watch_id: string | null;
}

const keysSchema = z.array(keyRecordSchema);

/** What a finished analysis of a self-managed server measured of itself, kept beside its keys. */
const measuredSchema = z.object({
  impact_measured: impactMeasuredSchema.nullish(),
  sampled: sampledSchema.nullish(),
});
export type TaskMeasures = z.infer<typeof measuredSchema>;

/** Per instance with records: the newest analysis that ended, and the newest that succeeded (with its keys). */
export interface LatestAnalyses {
  instance_id: string;
  ended: Task;
  succeeded: Task | null;
}

/** The newest (by start order) record of each instance among those in one of the given states. */
const newestPerInstance = (statuses: string) =>
  `SELECT * FROM tasks WHERE seq IN (SELECT MAX(seq) FROM tasks WHERE status IN (${statuses}) GROUP BY instance_id)`;

const toRecord = (row: TaskRow): TaskRecord => ({
  id: row.id,
  status: row.status,
  scan_type: row.scan_type,
  created_at: row.created_at,
  started_at: row.started_at,
  finished_at: row.finished_at,
  num: row.num,
  failure_reason: row.failure_reason,
  impact: row.impact,
  method: row.method ?? 'lfu',
  seconds: row.seconds,
  watch_id: row.watch_id,
});

const toTask = (row: TaskRow): Task => ({
  ...toRecord(row),
  instance_id: row.instance_id,
  note: row.note,
  lfu:
    row.lfu_log_factor === null || row.lfu_decay_time === null
      ? null
      : { log_factor: row.lfu_log_factor, decay_time: row.lfu_decay_time },
  keys: row.keys_json === null ? null : keysSchema.parse(JSON.parse(row.keys_json)),
  ...(row.measured_json === null ? {} : measuredSchema.parse(JSON.parse(row.measured_json))),
});

/** The key that leads a result: by measured rate where the analysis sampled, else by freq (first of equals). */
function hottestKey(keys: readonly KeyRecord[], method: Task['method']): LastAnalysis['top_key'] {
  const measure = (key: KeyRecord) => (method === 'sample' ? (key.sample?.per_second ?? 0) : (key.freq ?? -1));
  let top: KeyRecord | undefined;
  for (const key of keys) if (!top || measure(key) > measure(top)) top = key;
  if (!top) return null;
  return {
    name: top.name,
    ...(top.binary ? { binary: true } : {}),
    db: top.db,
    freq: top.freq ?? null,
    ...(top.sample ? { per_second: top.sample.per_second } : {}),
  };
}

/**
 * Analysis records in the BFF's SQLite file, so history and shared links survive restarts.
 * better-sqlite3 is synchronous: each call is a short transaction on a local file.
 */
export class TaskStore {
  /**
   * Ends of analyses the store could not take (it was full or read-only): they read as failed from here
   * until it takes them, so an analysis is never left running for want of a write.
   */
  private readonly unrecorded = new Map<string, { reason: string; finishedAt: string }>();
  /** A finished result never changes: its summary is read from its keys once, then kept per instance. */
  private readonly lastAnalyses = new Map<string, LastAnalysis>();

  constructor(
    private readonly db: Database.Database,
    private readonly health: StoreHealth = new StoreHealth(),
  ) {
    health.onRecovered(() => this.recordPending());
  }

  /** Start-up: a task still running belongs to a BFF that died; it will never finish. */
  failInterrupted(now: Date = new Date()): number {
    return this.health.write(
      () =>
        this.db
          .prepare(
            `UPDATE tasks SET status = 'failed', failure_reason = ?, finished_at = ?
             WHERE status IN ('waiting', 'running') AND kept_copy = 0`,
          )
          .run(INTERRUPTED_REASON, now.toISOString()).changes,
    );
  }

  insert(task: Task): void {
    this.write(task, false);
  }

  /**
   * Keeps (or refreshes) the BFF's copy of a finished cloud task, so that a shared link still opens after
   * the cloud rotates the record out. Only an earlier copy of the same instance is ever refreshed: an
   * upstream answer can never overwrite another instance's record.
   */
  keepCopy(task: Task): void {
    this.write(task, true);
  }

  private write(task: Task, keptCopy: boolean): void {
    const refresh = keptCopy
      ? `ON CONFLICT (id) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
           finished_at = excluded.finished_at, num = excluded.num, failure_reason = excluded.failure_reason,
           keys_json = excluded.keys_json
         WHERE tasks.instance_id = excluded.instance_id AND tasks.kept_copy = 1`
      : '';
    const writeAndPrune = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO tasks (id, instance_id, status, scan_type, created_at, started_at, finished_at, num,
             failure_reason, impact, method, seconds, keys_json, kept_copy, lfu_log_factor, lfu_decay_time,
             watch_id)
           VALUES (@id, @instance_id, @status, @scan_type, @created_at, @started_at, @finished_at, @num,
             @failure_reason, @impact, @method, @seconds, @keys_json, @kept_copy, @lfu_log_factor, @lfu_decay_time,
             @watch_id)
           ${refresh}`,
        )
        .run({
          id: task.id,
          instance_id: task.instance_id,
          status: task.status,
          scan_type: task.scan_type,
          created_at: task.created_at,
          started_at: task.started_at ?? null,
          finished_at: task.finished_at ?? null,
          num: task.num ?? null,
          failure_reason: task.failure_reason ?? null,
          impact: task.impact ?? null,
          method: task.method ?? null,
          seconds: task.seconds ?? null,
          keys_json: task.keys ? JSON.stringify(task.keys) : null,
          kept_copy: keptCopy ? 1 : 0,
          lfu_log_factor: task.lfu?.log_factor ?? null,
          lfu_decay_time: task.lfu?.decay_time ?? null,
          watch_id: task.watch_id ?? null,
        });
      this.prune(task.instance_id, task.scan_type === 'watch');
    });
    this.health.write(writeAndPrune);
  }

  /**
   * Drops the oldest finished records beyond the limit of their kind (watch analyses, or the others); an active
   * analysis is never dropped.
   */
  private prune(instanceId: string, watch: boolean): void {
    const kind = watch ? `scan_type = 'watch'` : `scan_type != 'watch'`;
    const limit = watch ? MAX_WATCH_RECORDS_PER_INSTANCE : MAX_RECORDS_PER_INSTANCE;
    const { n: active } = this.db
      .prepare(`SELECT COUNT(*) AS n FROM tasks WHERE instance_id = ? AND ${kind} AND status IN ('waiting', 'running')`)
      .get(instanceId) as { n: number };
    this.db
      .prepare(
        `DELETE FROM tasks WHERE seq IN (
           SELECT seq FROM tasks WHERE instance_id = ? AND ${kind} AND status IN ('success', 'failed')
           ORDER BY seq DESC LIMIT -1 OFFSET ?)`,
      )
      .run(instanceId, limit - active);
  }

  markRunning(id: string, startedAt: Date): void {
    this.health.write(() =>
      this.db
        .prepare(`UPDATE tasks SET status = 'running', started_at = ? WHERE id = ? AND status = 'waiting'`)
        .run(startedAt.toISOString(), id),
    );
  }

  markSuccess(
    id: string,
    keys: KeyRecord[],
    finishedAt: Date,
    { note = null, ...measures }: TaskMeasures & { note?: string | null } = {},
  ): void {
    const measured = Object.values(measures).some((m) => m !== null && m !== undefined);
    this.health.write(() =>
      this.db
        .prepare(
          `UPDATE tasks SET status = 'success', finished_at = ?, num = ?, keys_json = ?, note = ?, measured_json = ?
           WHERE id = ? AND status IN ('waiting', 'running')`,
        )
        .run(
          finishedAt.toISOString(),
          keys.length,
          JSON.stringify(keys),
          note,
          measured ? JSON.stringify(measures) : null,
          id,
        ),
    );
  }

  /** Never throws for a store fault: the end is then kept in memory and written once the store recovers. */
  markFailed(id: string, reason: string, finishedAt: Date): void {
    try {
      this.writeFailure(id, reason, finishedAt.toISOString());
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.unrecorded.set(id, { reason, finishedAt: finishedAt.toISOString() });
    }
  }

  private writeFailure(id: string, reason: string, finishedAt: string): void {
    this.health.write(() =>
      this.db
        .prepare(
          `UPDATE tasks SET status = 'failed', finished_at = ?, failure_reason = ?
           WHERE id = ? AND status IN ('waiting', 'running')`,
        )
        .run(finishedAt, reason, id),
    );
  }

  private recordPending(): void {
    for (const [id, end] of this.unrecorded) {
      try {
        this.writeFailure(id, end.reason, end.finishedAt);
        this.unrecorded.delete(id);
      } catch {
        return;
      }
    }
  }

  /** A row as it stands, with an end the store has not taken yet laid over it. */
  private withPending<T extends { id: string; status: Task['status'] }>(row: T): T {
    const end = this.unrecorded.get(row.id);
    return end && (row.status === 'waiting' || row.status === 'running')
      ? { ...row, status: 'failed', failure_reason: end.reason, finished_at: end.finishedAt }
      : row;
  }

  get(instanceId: string, id: string): Task | undefined {
    const row = this.db.prepare(`SELECT * FROM tasks WHERE instance_id = ? AND id = ?`).get(instanceId, id) as
      TaskRow | undefined;
    return row ? toTask(this.withPending(row)) : undefined;
  }

  /** Newest first, like the history an operator reads. */
  list(instanceId: string, query: TaskListQuery): TaskList {
    const where = query.status ? `instance_id = ? AND status = ?` : `instance_id = ?`;
    const params: unknown[] = query.status ? [instanceId, query.status] : [instanceId];
    const { n } = this.db.prepare(`SELECT COUNT(*) AS n FROM tasks WHERE ${where}`).get(...params) as { n: number };
    const rows = this.db
      .prepare(`SELECT * FROM tasks WHERE ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as TaskRow[];
    return { instance_id: instanceId, count: n, records: rows.map((row) => toRecord(this.withPending(row))) };
  }

  /** The newest successful analysis of an instance (by its end), or null when there is none. */
  lastAnalysis(instanceId: string): LastAnalysis | null {
    const newest = this.db
      .prepare(
        `SELECT id, finished_at, kept_copy FROM tasks
         WHERE instance_id = ? AND status = 'success' AND finished_at IS NOT NULL
         ORDER BY finished_at DESC, seq DESC LIMIT 1`,
      )
      .get(instanceId) as { id: string; finished_at: string; kept_copy: number } | undefined;
    if (!newest) return null;
    const known = this.lastAnalyses.get(instanceId);
    if (known?.id === newest.id) return known;
    const task = this.get(instanceId, newest.id);
    if (!task) return null;
    const keys = task.keys ?? [];
    const last: LastAnalysis = {
      id: task.id,
      finished_at: newest.finished_at,
      method: task.method ?? 'lfu',
      num: task.num ?? keys.length,
      top_key: hottestKey(keys, task.method),
      ...(newest.kept_copy ? { kept_copy: true as const } : {}),
    };
    this.lastAnalyses.set(instanceId, last);
    return last;
  }

  /** The active (waiting or running) task of an instance, if any. */
  active(instanceId: string): TaskRecord | undefined {
    const rows = this.db
      .prepare(`SELECT * FROM tasks WHERE instance_id = ? AND status IN ('waiting', 'running') ORDER BY seq DESC`)
      .all(instanceId) as TaskRow[];
    const row = rows.find((r) => !this.unrecorded.has(r.id));
    return row ? toRecord(row) : undefined;
  }

  /** The analyses a watch started that are still kept, oldest first. */
  watchTaskIds(watchId: string): string[] {
    const rows = this.db.prepare(`SELECT id FROM tasks WHERE watch_id = ? ORDER BY seq`).all(watchId) as {
      id: string;
    }[];
    return rows.map((row) => row.id);
  }

  /** What /metrics exports of the records: read at each scrape, never remembered, so replicas agree. */
  latestAnalyses(): LatestAnalyses[] {
    const ended = this.db.prepare(newestPerInstance(`'success', 'failed'`)).all() as TaskRow[];
    const succeeded = new Map(
      (this.db.prepare(newestPerInstance(`'success'`)).all() as TaskRow[]).map((row) => [row.instance_id, toTask(row)]),
    );
    return ended.map((row) => ({
      instance_id: row.instance_id,
      // Its keys, when it has any, are the succeeded one's: parsed once.
      ended: toTask({ ...row, keys_json: null }),
      succeeded: succeeded.get(row.instance_id) ?? null,
    }));
  }

  delete(instanceId: string, id: string): Task | undefined {
    const task = this.get(instanceId, id);
    if (!task) return undefined;
    this.health.write(() => this.db.prepare(`DELETE FROM tasks WHERE instance_id = ? AND id = ?`).run(instanceId, id));
    this.unrecorded.delete(id);
    return task;
  }
}
