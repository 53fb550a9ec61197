import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';

export class StoreError extends Error {}

export const DATABASE_FILE = 'hotkeys.sqlite';

/**
 * Opens the BFF's one SQLite file under the data directory and brings its schema up to date; every store
 * (tasks, schedules, alerts) is handed this connection. A file that fails its integrity check, or was
 * written by a newer BFF, stops start-up: nothing is overwritten.
 */
export function openDatabase(dataDir: string): Database.Database {
  const file = join(dataDir, DATABASE_FILE);
  let db: Database.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(file);
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check says: ${String(check)}`);
    // Refused files are left byte for byte as found: nothing is written before this check.
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SQLITE_MIGRATIONS.length) {
      throw new Error(
        `its schema version is ${version}, written by a newer BFF; this one knows up to ${SQLITE_MIGRATIONS.length}`,
      );
    }
    db.pragma('journal_mode = WAL');
    migrate(db, version);
    return db;
  } catch (error) {
    db?.close();
    throw new StoreError(`cannot open the task store ${file}: ${(error as Error).message}`);
  }
}

/** `PRAGMA user_version` counts the migrations a file has had; each runs once, in its own transaction. */
function migrate(db: Database.Database, version: number): void {
  SQLITE_MIGRATIONS.slice(version).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + index + 1}`);
    })();
  });
}

/** The smallest real write (the schema version, rewritten as it is): whether the file takes writes again. */
export function probeWrite(db: Database.Database): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  db.pragma(`user_version = ${version}`);
}
