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
  // Heat over time: one row per key of every successful analysis (kept cloud copies included), found by
  // instance + db + name, so a key's timeline is read from an index instead of every record's keys_json.
  // Triggers keep the rows equal to keys_json on every write path (insert, kept-copy refresh, success,
  // delete, prune); the INSERT at the end fills them for the records already there. Watches repeat analyses
  // and name the ones they started.
  `CREATE TABLE task_keys (
     instance_id TEXT NOT NULL,
     db INTEGER NOT NULL,
     name TEXT NOT NULL,
     name_encoding TEXT NOT NULL,
     task_seq INTEGER NOT NULL,
     task_id TEXT NOT NULL,
     freq INTEGER,
     sample_per_second REAL,
     PRIMARY KEY (instance_id, db, name, name_encoding, task_seq)
   ) WITHOUT ROWID;
   CREATE INDEX task_keys_by_task ON task_keys (task_id);
   CREATE VIEW task_keys_of_records AS
     SELECT t.instance_id, json_extract(k.value, '$.db') AS db, json_extract(k.value, '$.name') AS name,
       CASE WHEN json_extract(k.value, '$.binary') THEN 'binary' ELSE 'utf8' END AS name_encoding, t.seq AS task_seq,
       t.id AS task_id, json_extract(k.value, '$.freq') AS freq,
       json_extract(k.value, '$.sample.per_second') AS sample_per_second
     FROM tasks AS t, json_each(t.keys_json) AS k WHERE t.status = 'success';
   CREATE TRIGGER task_keys_after_insert AFTER INSERT ON tasks WHEN new.status = 'success'
   BEGIN
     INSERT OR IGNORE INTO task_keys SELECT * FROM task_keys_of_records WHERE task_id = new.id;
   END;
   CREATE TRIGGER task_keys_after_update AFTER UPDATE OF status, keys_json ON tasks
   BEGIN
     DELETE FROM task_keys WHERE task_id = old.id;
     INSERT OR IGNORE INTO task_keys SELECT * FROM task_keys_of_records WHERE task_id = new.id;
   END;
   CREATE TRIGGER task_keys_after_delete AFTER DELETE ON tasks
   BEGIN
     DELETE FROM task_keys WHERE task_id = old.id;
   END;
   INSERT OR IGNORE INTO task_keys SELECT * FROM task_keys_of_records;
   ALTER TABLE tasks ADD COLUMN watch_id TEXT;
   CREATE INDEX tasks_by_watch ON tasks (watch_id, seq) WHERE watch_id IS NOT NULL;
   CREATE TABLE watches (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     instance_id TEXT NOT NULL,
     status TEXT NOT NULL,
     method TEXT NOT NULL,
     every_seconds INTEGER NOT NULL,
     for_seconds INTEGER NOT NULL,
     started_at TEXT NOT NULL,
     ends_at TEXT NOT NULL,
     started_by TEXT NOT NULL,
     ended_at TEXT,
     end_reason TEXT,
     skips_json TEXT NOT NULL DEFAULT '[]'
   );
   CREATE INDEX watches_by_instance ON watches (instance_id, seq);`,
  // What an analysis measured of itself (impact_measured, sampled), as JSON beside its keys.
  `ALTER TABLE tasks ADD COLUMN measured_json TEXT;`,
  // Replicas (the PostgreSQL schema has the same columns; on SQLite one process is the only replica): who
  // owns what is running, progress and cancel requests where another process can read them, the servers an
  // analysis holds, one alert delivery per analysis, and signed-in sessions that outlive a restart.
  `ALTER TABLE tasks ADD COLUMN owner TEXT;
   ALTER TABLE tasks ADD COLUMN progress_json TEXT;
   ALTER TABLE tasks ADD COLUMN cancel_reason TEXT;
   ALTER TABLE tasks ADD COLUMN servers_json TEXT;
   ALTER TABLE watches ADD COLUMN owner TEXT;
   ALTER TABLE autoscan_runs ADD COLUMN owner TEXT;
   ALTER TABLE alert_deliveries ADD COLUMN owner TEXT;
   DELETE FROM alert_deliveries WHERE seq NOT IN (SELECT MIN(seq) FROM alert_deliveries GROUP BY task_id);
   CREATE UNIQUE INDEX alert_deliveries_one_per_task ON alert_deliveries (task_id);
   CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     user_name TEXT NOT NULL,
     role TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );
   CREATE TABLE replicas (
     id TEXT PRIMARY KEY,
     started_at TEXT NOT NULL,
     heartbeat_at TEXT NOT NULL
   );`,
];
