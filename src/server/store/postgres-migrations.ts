/**
 * The PostgreSQL schema, one entry per version (the `schema_version` table counts them). It holds what the
 * SQLite schema holds at its newest version, with the types PostgreSQL has: `task_keys` is kept by a plpgsql
 * trigger instead of SQLite's three, from the same JSON. Entries are never edited once released.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE tasks (
     seq INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
     kept_copy INTEGER NOT NULL DEFAULT 0,
     lfu_log_factor DOUBLE PRECISION,
     lfu_decay_time DOUBLE PRECISION,
     watch_id TEXT,
     measured_json TEXT,
     owner TEXT,
     progress_json TEXT,
     cancel_reason TEXT,
     servers_json TEXT
   );
   CREATE INDEX tasks_by_instance ON tasks (instance_id, seq);
   CREATE INDEX tasks_by_watch ON tasks (watch_id, seq) WHERE watch_id IS NOT NULL;
   CREATE INDEX tasks_active ON tasks (instance_id) WHERE status IN ('waiting', 'running');
   CREATE TABLE task_keys (
     instance_id TEXT NOT NULL,
     db INTEGER NOT NULL,
     name TEXT NOT NULL,
     name_encoding TEXT NOT NULL,
     task_seq INTEGER NOT NULL,
     task_id TEXT NOT NULL,
     freq INTEGER,
     sample_per_second DOUBLE PRECISION,
     PRIMARY KEY (instance_id, db, name, name_encoding, task_seq)
   );
   CREATE INDEX task_keys_by_task ON task_keys (task_id);
   CREATE FUNCTION task_keys_sync() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP <> 'INSERT' THEN
       DELETE FROM task_keys WHERE task_id = OLD.id;
     END IF;
     IF TG_OP <> 'DELETE' AND NEW.status = 'success' AND NEW.keys_json IS NOT NULL THEN
       INSERT INTO task_keys
         SELECT NEW.instance_id, (k->>'db')::integer, k->>'name',
           CASE WHEN (k->>'binary')::boolean THEN 'binary' ELSE 'utf8' END, NEW.seq, NEW.id,
           (k->>'freq')::integer, (k->'sample'->>'per_second')::double precision
         FROM jsonb_array_elements(NEW.keys_json::jsonb) AS k
       ON CONFLICT DO NOTHING;
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER task_keys_after_insert AFTER INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION task_keys_sync();
   CREATE TRIGGER task_keys_after_update AFTER UPDATE OF status, keys_json ON tasks
     FOR EACH ROW EXECUTE FUNCTION task_keys_sync();
   CREATE TRIGGER task_keys_after_delete AFTER DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION task_keys_sync();
   CREATE TABLE autoscan_schedules (
     instance_id TEXT PRIMARY KEY,
     enabled INTEGER NOT NULL,
     times_json TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE autoscan_runs (
     instance_id TEXT NOT NULL,
     due_at TEXT NOT NULL,
     outcome TEXT NOT NULL,
     task_id TEXT,
     reason TEXT,
     recorded_at TEXT NOT NULL,
     owner TEXT,
     PRIMARY KEY (instance_id, due_at)
   );
   CREATE TABLE alert_rules (
     instance_id TEXT PRIMARY KEY,
     enabled INTEGER NOT NULL,
     freq_threshold INTEGER NOT NULL,
     key_pattern TEXT,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE alert_deliveries (
     seq INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
     top_key_freq INTEGER NOT NULL,
     owner TEXT
   );
   CREATE INDEX alert_deliveries_by_instance ON alert_deliveries (instance_id, seq);
   CREATE UNIQUE INDEX alert_deliveries_one_per_task ON alert_deliveries (task_id);
   CREATE TABLE watches (
     seq INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
     skips_json TEXT NOT NULL DEFAULT '[]',
     owner TEXT
   );
   CREATE INDEX watches_by_instance ON watches (instance_id, seq);
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
