import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import type { Database } from '../src/server/store/database';
import { openPostgres } from '../src/server/store/postgres-database';
import { openDatabase } from '../src/server/store/sqlite-database';
import { type PostgresServer, startPostgres } from './postgres-server';

export type StoreKind = Database['kind'];
/** The two kinds of store: tests of the stores run against each. */
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  db: Database;
  /** The same database opened again, as a restarted BFF (or another replica) opens it. */
  reopen(): Promise<Database>;
}

/**
 * Fresh, empty databases of one kind for the tests of a file: a SQLite file in a scratch directory, or a new
 * database on one PostgreSQL server started for the file on first use. Everything opened is closed after each
 * test, the server after the file.
 */
export function testDatabases(kind: StoreKind): { fresh(): Promise<TestDatabase> } {
  const opened: Database[] = [];
  const dirs: string[] = [];
  let server: Promise<PostgresServer> | undefined;
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close().catch(() => undefined)));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await (await server)?.stop();
  });
  const keep = (db: Database) => {
    opened.push(db);
    return db;
  };
  return {
    async fresh() {
      if (kind === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'hotkeys-store-'));
        dirs.push(dir);
        return { db: keep(openDatabase(dir)), reopen: async () => keep(openDatabase(dir)) };
      }
      server ??= startPostgres();
      const url = await (await server).createDatabase();
      return { db: keep(await openPostgres(url)), reopen: async () => keep(await openPostgres(url)) };
    },
  };
}
