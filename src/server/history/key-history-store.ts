import type { AnalysisMethod, LfuParams, ScanType } from '../../contract/hotkey-task';
import { type KeyNameEncoding, PLAIN_NAME_ENCODING } from '../../contract/key-history';
import type { Database } from '../store/database';

/** A key as the key rows find it: database, name as the records write it, and the form of that name. */
export interface StoredKeyName {
  db: number;
  name: string;
  encoding: KeyNameEncoding;
}

/**
 * The one place a requested key becomes the row key it is stored under. The rows take `name_encoding` from the
 * key record's `binary` flag (the migration's view, as `nameEncodingOf` in the contract), so `encoding=binary`
 * matches exactly the escaped binary names and the default matches the names that are their UTF-8 text.
 */
export const storedKeyName = (db: number, name: string, encoding?: KeyNameEncoding): StoredKeyName => ({
  db,
  name,
  encoding: encoding ?? PLAIN_NAME_ENCODING,
});

/** Oldest first by the time each analysis read its keys (cloud copies are written when first seen, not in order). */
export const byTime = <T extends { at: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

/** A finished (successful) analysis, as a timeline places it. */
export interface FinishedAnalysis {
  task_id: string;
  /** When it read the keys: its start, else its creation. */
  at: string;
  method: AnalysisMethod;
  scan_type: ScanType;
  num: number;
  watch_id: string | null;
  lfu: LfuParams | null;
}

/** One key's reading in one analysis. */
export interface KeyReading {
  task_id: string;
  freq: number | null;
  sample_per_second: number | null;
}

export interface TaskKeyReading extends StoredKeyName, KeyReading {}

interface AnalysisRow {
  task_id: string;
  at: string;
  method: AnalysisMethod | null;
  scan_type: ScanType;
  num: number | null;
  watch_id: string | null;
  lfu_log_factor: number | null;
  lfu_decay_time: number | null;
}

const ANALYSIS_COLUMNS = `t.id AS task_id, coalesce(t.started_at, t.created_at) AS at, t.method, t.scan_type, t.num,
  t.watch_id, t.lfu_log_factor, t.lfu_decay_time`;

const toAnalysis = (row: AnalysisRow): FinishedAnalysis => ({
  task_id: row.task_id,
  at: row.at,
  method: row.method ?? 'lfu',
  scan_type: row.scan_type,
  num: row.num ?? 0,
  watch_id: row.watch_id,
  lfu:
    row.lfu_log_factor === null || row.lfu_decay_time === null
      ? null
      : { log_factor: row.lfu_log_factor, decay_time: row.lfu_decay_time },
});

/**
 * Reads the per-task key rows (`task_keys`, kept equal to each record's keys by the schema's triggers): a key's
 * readings across analyses come from the primary key on instance + db + name, a task's keys from its own index.
 */
export class KeyHistoryStore {
  constructor(private readonly db: Database) {}

  /** Every reading of one key, with the analysis it comes from, in the order the records were written. */
  async readings(instanceId: string, key: StoredKeyName): Promise<(FinishedAnalysis & KeyReading)[]> {
    const rows = await this.db.all<AnalysisRow & KeyReading>(
      `SELECT ${ANALYSIS_COLUMNS}, k.freq, k.sample_per_second FROM task_keys AS k
       JOIN tasks AS t ON t.seq = k.task_seq
       WHERE k.instance_id = ? AND k.db = ? AND k.name = ? AND k.name_encoding = ?
       ORDER BY t.seq`,
      [instanceId, key.db, key.name, key.encoding],
    );
    return rows.map((row) => ({
      ...toAnalysis(row),
      freq: row.freq,
      sample_per_second: row.sample_per_second,
    }));
  }

  /** The successful analyses of an instance (or of one watch), in the order the records were written. */
  async finished(instanceId: string, watchId?: string): Promise<FinishedAnalysis[]> {
    const watch = watchId === undefined ? '' : 'AND t.watch_id = ?';
    const rows = await this.db.all<AnalysisRow>(
      `SELECT ${ANALYSIS_COLUMNS} FROM tasks AS t
       WHERE t.instance_id = ? AND t.status = 'success' ${watch} ORDER BY t.seq`,
      watchId === undefined ? [instanceId] : [instanceId, watchId],
    );
    return rows.map(toAnalysis);
  }

  /** Every key one analysis listed. */
  keysOf(taskId: string): Promise<TaskKeyReading[]> {
    return this.db.all<TaskKeyReading>(
      `SELECT db, name, name_encoding AS encoding, task_id, freq, sample_per_second FROM task_keys
       WHERE task_id = ?`,
      [taskId],
    );
  }
}
