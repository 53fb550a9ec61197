import { ApiError } from '../http/api-error';
import { OWNER_GONE } from './replica';
import type { Database, Queryable, SqlValue } from './database';
import { StoreHealth } from './store-health';
import type { KeyRecord, Task, TaskList, TaskListQuery, TaskProgress, TaskRecord } from '../../contract/hotkey-task';
import { impactMeasuredSchema, keyRecordSchema, sampledSchema, taskProgressSchema } from '../../contract/hotkey-task';
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
/** The reason an analysis gets when the replica that ran it stopped (or stopped sending heartbeats). */
export const replicaStoppedReason = (replica: string) =>
  `interrupted: replica ${replica} stopped while this analysis was running`;
/** The reason's text around the replica's name, for the sweep to put the owner column between. */
const [STOPPED_BEFORE, STOPPED_AFTER] = replicaStoppedReason('\u0000').split('\u0000') as [string, string];
const ACTIVE = `status IN ('waiting', 'running')`;

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
  owner: string | null;
  progress_json: string | null;
  servers_json: string | null;
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
  // What the replica running it saved last (every second); the one running it lays its live figures over.
  ...(row.progress_json !== null && (row.status === 'running' || row.status === 'waiting')
    ? { progress: taskProgressSchema.parse(JSON.parse(row.progress_json)) }
    : {}),
});

/** Why a start was refused: the instance's own active analysis, or another instance's on the same server. */
export type StartRefusal = { busy: TaskRecord; sameServerAs?: undefined } | { busy: TaskRecord; sameServerAs: string };

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

/** The row values of a task, in the column order of the INSERT below. */
const rowValues = (task: Task, keptCopy: boolean, owner: string | null, servers: readonly string[] | null) => [
  task.id,
  task.instance_id,
  task.status,
  task.scan_type,
  task.created_at,
  task.started_at ?? null,
  task.finished_at ?? null,
  task.num ?? null,
  task.failure_reason ?? null,
  task.impact ?? null,
  task.method ?? null,
  task.seconds ?? null,
  task.keys ? JSON.stringify(task.keys) : null,
  keptCopy ? 1 : 0,
  task.lfu?.log_factor ?? null,
  task.lfu?.decay_time ?? null,
  task.watch_id ?? null,
  owner,
  servers ? JSON.stringify(servers) : null,
];

const INSERT = `INSERT INTO tasks (id, instance_id, status, scan_type, created_at, started_at, finished_at, num,
    failure_reason, impact, method, seconds, keys_json, kept_copy, lfu_log_factor, lfu_decay_time, watch_id, owner,
    servers_json)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Held by every start, on every replica: the check for a busy instance or server and the insert are one step. */
const START_LOCK = 'analysis-start';

/**
 * Analysis records in the store (the SQLite file, or PostgreSQL shared by replicas), so history and shared links
 * survive restarts and every replica answers for every analysis.
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
    private readonly db: Database,
    private readonly health: StoreHealth = new StoreHealth(),
  ) {
    health.onRecovered(() => this.recordPending());
  }

  /**
   * Analyses whose replica is gone will never finish: those owned by a replica other than `self` whose last
   * heartbeat is older than `aliveSince` (all others, on SQLite's single process) end as failed, saying which.
   */
  failOrphans(self: string, aliveSince: Date, now: Date = new Date()): Promise<number> {
    return this.health.write(() =>
      this.db.run(
        `UPDATE tasks SET status = 'failed', finished_at = ?,
           failure_reason = CASE WHEN owner IS NULL THEN ? ELSE ? || owner || ? END
         WHERE ${ACTIVE} AND kept_copy = 0 AND ${OWNER_GONE}`,
        [now.toISOString(), INTERRUPTED_REASON, STOPPED_BEFORE, STOPPED_AFTER, self, aliveSince.toISOString()],
      ),
    );
  }

  /** Records an analysis as it is, owned by no replica (seeding a store); a start goes through `start`. */
  async insert(task: Task): Promise<void> {
    await this.health.write(() =>
      this.db.transaction(async (tx) => {
        await tx.run(INSERT, rowValues(task, false, null, null));
        await this.prune(tx, task.instance_id, task.scan_type === 'watch');
      }),
    );
  }

  /**
   * Records a new analysis owned by `owner` unless, under a lock every replica takes, the instance has one active
   * (when `queueBehind` is false) or another instance has one on a server of `servers`: then says which.
   */
  start(
    task: Task,
    { owner, servers, queueBehind }: { owner: string; servers: readonly string[]; queueBehind: boolean },
  ): Promise<StartRefusal | undefined> {
    return this.health.write(() =>
      this.db.transaction(async (tx) => {
        await tx.lock(START_LOCK);
        const active = await this.activeOn(tx, task.instance_id);
        if (active && !queueBehind) return { busy: active };
        const others = await tx.all<TaskRow>(
          `SELECT * FROM tasks WHERE ${ACTIVE} AND kept_copy = 0 AND instance_id <> ? AND servers_json IS NOT NULL
           ORDER BY seq`,
          [task.instance_id],
        );
        const wanted = new Set(servers);
        for (const row of others) {
          if (this.unrecorded.has(row.id)) continue;
          const held = z.array(z.string()).parse(JSON.parse(row.servers_json!));
          if (held.some((server) => wanted.has(server))) return { busy: toRecord(row), sameServerAs: row.instance_id };
        }
        await tx.run(INSERT, rowValues(task, false, owner, servers));
        await this.prune(tx, task.instance_id, task.scan_type === 'watch');
        return undefined;
      }),
    );
  }

  /**
   * Keeps (or refreshes) the BFF's copy of a finished cloud task, so that a shared link still opens after
   * the cloud rotates the record out. Only an earlier copy of the same instance is ever refreshed: an
   * upstream answer can never overwrite another instance's record.
   */
  async keepCopy(task: Task): Promise<void> {
    await this.health.write(() =>
      this.db.transaction(async (tx) => {
        await tx.run(
          `${INSERT}
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
             finished_at = excluded.finished_at, num = excluded.num, failure_reason = excluded.failure_reason,
             keys_json = excluded.keys_json
           WHERE tasks.instance_id = excluded.instance_id AND tasks.kept_copy = 1`,
          rowValues(task, true, null, null),
        );
        await this.prune(tx, task.instance_id, false);
      }),
    );
  }

  /**
   * Drops the oldest finished records beyond the limit of their kind (watch analyses, or the others); an active
   * analysis is never dropped.
   */
  private async prune(tx: Queryable, instanceId: string, watch: boolean): Promise<void> {
    const kind = watch ? `scan_type = 'watch'` : `scan_type <> 'watch'`;
    const limit = watch ? MAX_WATCH_RECORDS_PER_INSTANCE : MAX_RECORDS_PER_INSTANCE;
    const counted = await tx.get<{ n: number }>(
      `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM tasks WHERE instance_id = ? AND ${kind} AND ${ACTIVE}`,
      [instanceId],
    );
    const finished = `instance_id = ? AND ${kind} AND status IN ('success', 'failed')`;
    await tx.run(
      `DELETE FROM tasks WHERE ${finished} AND seq NOT IN (
         SELECT seq FROM tasks WHERE ${finished} ORDER BY seq DESC LIMIT ?)`,
      [instanceId, instanceId, Math.max(0, limit - (counted?.n ?? 0))],
    );
  }

  async markRunning(id: string, startedAt: Date): Promise<void> {
    await this.health.write(() =>
      this.db.run(`UPDATE tasks SET status = 'running', started_at = ? WHERE id = ? AND status = 'waiting'`, [
        startedAt.toISOString(),
        id,
      ]),
    );
  }

  /** The owner saves its progress where every replica reads it; nothing when the analysis already ended. */
  async saveProgress(id: string, progress: TaskProgress): Promise<void> {
    await this.health.write(() =>
      this.db.run(`UPDATE tasks SET progress_json = ? WHERE id = ? AND ${ACTIVE}`, [JSON.stringify(progress), id]),
    );
  }

  /**
   * Asks the replica running an analysis to stop it (it reads the request within a second): false when the
   * analysis is not active, or a stop was already asked.
   */
  async requestCancel(instanceId: string, id: string, reason: string): Promise<boolean> {
    const changed = await this.health.write(() =>
      this.db.run(
        `UPDATE tasks SET cancel_reason = ? WHERE instance_id = ? AND id = ? AND ${ACTIVE} AND cancel_reason IS NULL`,
        [reason, instanceId, id],
      ),
    );
    return changed > 0;
  }

  /**
   * Why each of these analyses (by id) must stop, for the replica that runs them: a stop asked through any
   * replica, or a record that is no longer active (another replica took this one for gone and ended it, or it
   * was deleted). The owner then stops at once, so that no analysis runs on a server its record no longer holds.
   */
  async stopRequests(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.all<{ id: string; status: string; cancel_reason: string | null }>(
      `SELECT id, status, cancel_reason FROM tasks WHERE id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    const found = new Map(rows.map((row) => [row.id, row]));
    const stops = new Map<string, string>();
    for (const id of ids) {
      const row = found.get(id);
      if (!row) stops.set(id, 'deleted');
      else if (row.status !== 'waiting' && row.status !== 'running')
        stops.set(id, `its record was ended (${row.status})`);
      else if (row.cancel_reason !== null) stops.set(id, row.cancel_reason);
    }
    return stops;
  }

  async markSuccess(
    id: string,
    keys: KeyRecord[],
    finishedAt: Date,
    { note = null, ...measures }: TaskMeasures & { note?: string | null } = {},
  ): Promise<void> {
    const measured = Object.values(measures).some((m) => m !== null && m !== undefined);
    await this.health.write(() =>
      this.db.run(
        `UPDATE tasks SET status = 'success', finished_at = ?, num = ?, keys_json = ?, note = ?, measured_json = ?,
           progress_json = NULL
         WHERE id = ? AND ${ACTIVE}`,
        [
          finishedAt.toISOString(),
          keys.length,
          JSON.stringify(keys),
          note,
          measured ? JSON.stringify(measures) : null,
          id,
        ],
      ),
    );
  }

  /** Never throws for a store fault: the end is then kept in memory and written once the store recovers. */
  async markFailed(id: string, reason: string, finishedAt: Date): Promise<void> {
    try {
      await this.writeFailure(id, reason, finishedAt.toISOString());
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.unrecorded.set(id, { reason, finishedAt: finishedAt.toISOString() });
    }
  }

  private async writeFailure(id: string, reason: string, finishedAt: string): Promise<void> {
    await this.health.write(() =>
      this.db.run(
        `UPDATE tasks SET status = 'failed', finished_at = ?, failure_reason = ?, progress_json = NULL
         WHERE id = ? AND ${ACTIVE}`,
        [finishedAt, reason, id],
      ),
    );
  }

  private async recordPending(): Promise<void> {
    for (const [id, end] of this.unrecorded) {
      try {
        await this.writeFailure(id, end.reason, end.finishedAt);
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
      ? { ...row, status: 'failed', failure_reason: end.reason, finished_at: end.finishedAt, progress_json: null }
      : row;
  }

  async get(instanceId: string, id: string): Promise<Task | undefined> {
    const row = await this.db.get<TaskRow>(`SELECT * FROM tasks WHERE instance_id = ? AND id = ?`, [instanceId, id]);
    return row ? toTask(this.withPending(row)) : undefined;
  }

  /** Newest first, like the history an operator reads. */
  async list(instanceId: string, query: TaskListQuery): Promise<TaskList> {
    const where = query.status ? `instance_id = ? AND status = ?` : `instance_id = ?`;
    const params: SqlValue[] = query.status ? [instanceId, query.status] : [instanceId];
    const counted = await this.db.get<{ n: number }>(
      `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM tasks WHERE ${where}`,
      params,
    );
    const rows = await this.db.all<TaskRow>(`SELECT * FROM tasks WHERE ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`, [
      ...params,
      query.limit,
      query.offset,
    ]);
    return {
      instance_id: instanceId,
      count: counted?.n ?? 0,
      records: rows.map((row) => toRecord(this.withPending(row))),
    };
  }

  /** The newest successful analysis of an instance (by its end), or null when there is none. */
  async lastAnalysis(instanceId: string): Promise<LastAnalysis | null> {
    const newest = await this.db.get<{ id: string; finished_at: string; kept_copy: number }>(
      `SELECT id, finished_at, kept_copy FROM tasks
       WHERE instance_id = ? AND status = 'success' AND finished_at IS NOT NULL
       ORDER BY finished_at DESC, seq DESC LIMIT 1`,
      [instanceId],
    );
    if (!newest) return null;
    const known = this.lastAnalyses.get(instanceId);
    if (known?.id === newest.id) return known;
    const task = await this.get(instanceId, newest.id);
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
  active(instanceId: string): Promise<TaskRecord | undefined> {
    return this.activeOn(this.db, instanceId);
  }

  private async activeOn(db: Queryable, instanceId: string): Promise<TaskRecord | undefined> {
    const rows = await db.all<TaskRow>(`SELECT * FROM tasks WHERE instance_id = ? AND ${ACTIVE} ORDER BY seq DESC`, [
      instanceId,
    ]);
    const row = rows.find((r) => !this.unrecorded.has(r.id));
    return row ? toRecord(row) : undefined;
  }

  /** Whether an analysis of the instance older than this one is still active (a sampling queues behind it). */
  async activeBefore(instanceId: string, id: string): Promise<boolean> {
    const rows = await this.db.all<{ id: string }>(
      `SELECT id FROM tasks WHERE instance_id = ? AND ${ACTIVE} AND seq < (SELECT seq FROM tasks WHERE id = ?)`,
      [instanceId, id],
    );
    return rows.some((row) => !this.unrecorded.has(row.id));
  }

  /** The analyses a watch started that are still kept, oldest first. */
  async watchTaskIds(watchId: string): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>(`SELECT id FROM tasks WHERE watch_id = ? ORDER BY seq`, [watchId]);
    return rows.map((row) => row.id);
  }

  /** What /metrics exports of the records: read at each scrape, never remembered, so replicas agree. */
  async latestAnalyses(): Promise<LatestAnalyses[]> {
    const ended = await this.db.all<TaskRow>(newestPerInstance(`'success', 'failed'`));
    const succeeded = new Map(
      (await this.db.all<TaskRow>(newestPerInstance(`'success'`))).map((row) => [row.instance_id, toTask(row)]),
    );
    return ended.map((row) => ({
      instance_id: row.instance_id,
      // Its keys, when it has any, are the succeeded one's: parsed once.
      ended: toTask({ ...row, keys_json: null }),
      succeeded: succeeded.get(row.instance_id) ?? null,
    }));
  }

  async delete(instanceId: string, id: string): Promise<Task | undefined> {
    const task = await this.get(instanceId, id);
    if (!task) return undefined;
    await this.health.write(() => this.db.run(`DELETE FROM tasks WHERE instance_id = ? AND id = ?`, [instanceId, id]));
    this.unrecorded.delete(id);
    return task;
  }
}
