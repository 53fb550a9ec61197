/** What a statement binds: SQL text, numbers and NULL (booleans are stored as 0 and 1). */
export type SqlValue = string | number | null;

/**
 * Statements on the store. SQL is written once for both kinds, with `?` placeholders (the PostgreSQL adapter
 * numbers them) and the dialect both share: `ON CONFLICT`, `CAST(COUNT(*) AS INTEGER)`, no `LIMIT -1`.
 */
export interface Queryable {
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** A write; resolves with how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface Transaction extends Queryable {
  /**
   * Holds the named lock until the transaction ends, against every process on the same database: a
   * check-and-insert under it cannot interleave with another replica's.
   */
  lock(name: string): Promise<void>;
}

/** The store port: SQLite (one process, one file) or PostgreSQL (any number of replicas). */
export interface Database extends Queryable {
  readonly kind: 'sqlite' | 'postgres';
  /** Where it is, for messages: the file, or the server's host and database (never a password). */
  readonly description: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** The smallest real write: whether the store takes writes again. */
  probeWrite(): Promise<void>;
  close(): Promise<void>;
}

export class StoreError extends Error {}
