import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Mutex } from 'async-mutex';
import BetterSqlite3 from 'better-sqlite3';
import { type Database, type SqlValue, StoreError, type Transaction } from './database';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';
import { fromStore } from './store-health';

export { StoreError } from './database';

export const DATABASE_FILE = 'hotkeys.sqlite';

/**
 * The SQLite adapter of the store port. better-sqlite3 is synchronous; the port is not, so one mutex orders
 * this process's calls: a transaction that awaits between its statements holds it, and no statement of another
 * caller can slip into it (or be rolled back with it). `BEGIN IMMEDIATE` keeps other writers of the file out,
 * so a transaction's locks need nothing more: the whole file is its lock.
 */
export class SqliteDatabase implements Database {
  readonly kind = 'sqlite' as const;
  private readonly turn = new Mutex();
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly direct: Transaction;

  constructor(
    readonly handle: BetterSqlite3.Database,
    readonly description: string,
  ) {
    this.direct = {
      all: <T>(sql: string, params: readonly SqlValue[] = []) =>
        fromStore(async () => this.statement(sql).all(...params) as T[]),
      get: <T>(sql: string, params: readonly SqlValue[] = []) =>
        fromStore(async () => this.statement(sql).get(...params) as T | undefined),
      run: (sql: string, params: readonly SqlValue[] = []) =>
        fromStore(async () => this.statement(sql).run(...params).changes),
      lock: async () => undefined,
    };
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.handle.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.turn.runExclusive(() => this.direct.all<T>(sql, params));
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.turn.runExclusive(() => this.direct.get<T>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.turn.runExclusive(() => this.direct.run(sql, params));
  }

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.turn.runExclusive(async () => {
      this.handle.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct);
        this.handle.exec('COMMIT');
        return result;
      } catch (error) {
        // SQLite may have rolled back already (a full disk does that).
        if (this.handle.inTransaction) this.handle.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /** The schema version, rewritten as it is. */
  probeWrite(): Promise<void> {
    return this.turn.runExclusive(() => {
      const version = Number(this.handle.pragma('user_version', { simple: true }));
      this.handle.pragma(`user_version = ${version}`);
    });
  }

  async close(): Promise<void> {
    await this.turn.waitForUnlock();
    this.handle.close();
  }
}

/**
 * Opens the BFF's one SQLite file under the data directory and brings its schema up to date. A file that fails
 * its integrity check, or was written by a newer BFF, stops start-up: nothing is overwritten.
 */
export function openDatabase(dataDir: string): SqliteDatabase {
  const file = join(dataDir, DATABASE_FILE);
  let db: BetterSqlite3.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new BetterSqlite3(file);
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
    return new SqliteDatabase(db, file);
  } catch (error) {
    db?.close();
    throw new StoreError(`cannot open the task store ${file}: ${(error as Error).message}`);
  }
}

/** `PRAGMA user_version` counts the migrations a file has had; each runs once, in its own transaction. */
function migrate(db: BetterSqlite3.Database, version: number): void {
  SQLITE_MIGRATIONS.slice(version).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + index + 1}`);
    })();
  });
}
