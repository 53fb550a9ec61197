import pg from 'pg';
import { type Database, type SqlValue, StoreError, type Transaction } from './database';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import { fromStore } from './store-health';

/** Any constant both replicas agree on: the advisory lock that lets one of them migrate at a time. */
const MIGRATION_LOCK = 0x686b6d67; // "hkmg"

const numbered = new Map<string, string>();

/** `?` placeholders become `$1`, `$2`, ...: the stores write one SQL for both kinds (none has a literal `?`). */
function toPostgres(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, text);
  }
  return text;
}

const on = (client: pg.Pool | pg.PoolClient): Transaction => {
  const query = (sql: string, params: readonly SqlValue[]) =>
    fromStore(() => client.query(toPostgres(sql), [...params]));
  return {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rowCount ?? 0,
    // Held until COMMIT or ROLLBACK, so no release can be forgotten.
    lock: async (name: string) => {
      await fromStore(() => client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]));
    },
  };
};

/** The PostgreSQL adapter of the store port: a pool, shared by every replica's stores through one database. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly direct: Transaction;

  constructor(
    private readonly pool: pg.Pool,
    readonly description: string,
  ) {
    this.direct = on(pool);
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.direct.all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.direct.get<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await fromStore(() => this.pool.connect());
    try {
      await client.query('BEGIN');
      const result = await work(on(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async probeWrite(): Promise<void> {
    await this.pool.query('UPDATE schema_version SET version = version');
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** host:port/database of a connection URL, without the user or password. */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `postgres://${parsed.host}${parsed.pathname}`;
  } catch {
    return 'postgres (unparsable URL)';
  }
}

/**
 * Connects to the database and brings its schema up to date. Replicas starting together take turns on an
 * advisory lock, so the migrations run once; a database migrated by a newer BFF stops start-up untouched.
 */
export async function openPostgres(url: string): Promise<PostgresDatabase> {
  const description = describe(url);
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client the server dropped must not take the process down; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
        await client.query('INSERT INTO schema_version SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)');
        const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
        const version = rows[0]!.version;
        if (version > POSTGRES_MIGRATIONS.length) {
          throw new Error(
            `its schema version is ${version}, written by a newer BFF; this one knows up to ${POSTGRES_MIGRATIONS.length}`,
          );
        }
        for (const [index, sql] of POSTGRES_MIGRATIONS.slice(version).entries()) {
          await client.query('BEGIN');
          try {
            await client.query(sql);
            await client.query('UPDATE schema_version SET version = $1', [version + index + 1]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
    return new PostgresDatabase(pool, description);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError(`cannot open the task store ${description}: ${(error as Error).message}`);
  }
}
