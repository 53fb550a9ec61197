/**
 * The SQLite schema, one entry per version; a file at version N gets entries N+1... in order. Entries are
 * never edited once released: a change is a new entry. The first one uses IF NOT EXISTS because files of the
 * first release have its tables but no version number.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS tasks (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     instance_id TEXT NOT NULL,
     status TEXT NOT NULL,
     scan_type TEXT NOT NULL,
     created_at TEXT NOT NULL,
     started_at TEXT,
     finished_at TEXT,
     num INTEGER,
     failure_reason TEXT,
     impact TEXT,
     method TEXT,
     seconds INTEGER,
     note TEXT,
     keys_json TEXT,
     kept_copy INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX IF NOT EXISTS tasks_by_instance ON tasks (instance_id, seq);
   CREATE TABLE IF NOT EXISTS autoscan_schedules (
     instance_id TEXT PRIMARY KEY,
     enabled INTEGER NOT NULL,
     times_json TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE IF NOT EXISTS autoscan_runs (
     instance_id TEXT NOT NULL,
     due_at TEXT NOT NULL,
     outcome TEXT NOT NULL,
     task_id TEXT,
     reason TEXT,
     recorded_at TEXT NOT NULL,
     PRIMARY KEY (instance_id, due_at)
   );
   CREATE TABLE IF NOT EXISTS alert_rules (
     instance_id TEXT PRIMARY KEY,
     enabled INTEGER NOT NULL,
     freq_threshold INTEGER NOT NULL,
     key_pattern TEXT,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE IF NOT EXISTS alert_deliveries (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     instance_id TEXT NOT NULL,
     task_id TEXT NOT NULL,
     scan_type TEXT NOT NULL,
     created_at TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     delivered_at TEXT,
     key_count INTEGER NOT NULL,
     top_key_name TEXT NOT NULL,
     top_key_freq INTEGER NOT NULL
   );
   CREATE INDEX IF NOT EXISTS alert_deliveries_by_instance ON alert_deliveries (instance_id, seq);`,
  // The LFU parameters a task's freqs were read with, so their meaning survives a later CONFIG SET.
  `ALTER TABLE tasks ADD COLUMN lfu_log_factor REAL;
   ALTER TABLE tasks ADD COLUMN lfu_decay_time REAL;`,
];
