import { ApiError } from '../http/api-error';
import { log } from '../log';

const FROM_STORE = Symbol('from the store');

/** Marks an error a store query raised, so the error handler can tell a store down from any other failure. */
export async function fromStore<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof Error) Object.assign(error, { [FROM_STORE]: true });
    throw error;
  }
}

/**
 * The store's fault behind a failed read or any store call that did not pass through `StoreHealth.write`
 * (a database that cannot be reached): the request is answered 503 naming it, not 500.
 */
export const storeFaultOf = (error: unknown): string | undefined =>
  error instanceof Error && FROM_STORE in error ? faultOf(error) : undefined;

/** What a failed write says about the store, when it is the store's fault and not the query's. */
function faultOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  // `pg` reports a connection the server dropped mid-query with no code.
  if (error instanceof Error && error.message.startsWith('Connection terminated')) return 'cannot reach the database';
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code.endsWith('_ENOSPC')) return 'disk full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code.startsWith('SQLITE_IOERR')) return 'I/O error';
  if (code === 'SQLITE_CANTOPEN') return 'cannot open its file';
  // PostgreSQL: SQLSTATE classes 53 (insufficient resources), 08 (connection), 57P (server shutting down),
  // 25006 (a read-only standby); and the socket's own errors when the server cannot be reached.
  if (code === '53100') return 'disk full';
  if (code === '25006') return 'read-only';
  if (code.startsWith('53')) return 'out of resources';
  if (code.startsWith('08') || code.startsWith('57P') || code === 'ECONNREFUSED' || code === 'ECONNRESET') {
    return 'cannot reach the database';
  }
  return undefined;
}

/**
 * Whether the store can take writes. A write that fails for lack of space, a read-only file or an I/O error
 * becomes a 503 naming the store (the caller loses nothing it had: the write is rolled back), and the
 * store reads as degraded until a write succeeds again. `probe` is such a write, for health checks.
 */
/**
 * Health is polled (load balancers, every second or so): it tries a write of its own only when no write has
 * succeeded for this long, or while the store is faulty, not on every call.
 */
export const PROBE_AFTER_MS = 2_000;

export class StoreHealth {
  private fault: string | undefined;
  private readonly recovered = new Set<() => void | Promise<void>>();
  private lastWriteAt = -Infinity;

  constructor(
    private readonly probe?: () => Promise<void>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async write<T>(run: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await run();
    } catch (error) {
      const fault = faultOf(error);
      if (!fault) throw error;
      this.fault = fault;
      throw ApiError.of('unavailable', `store unavailable: ${fault}`);
    }
    this.lastWriteAt = this.now();
    if (this.fault !== undefined) {
      this.fault = undefined;
      for (const listener of this.recovered) void listener();
    }
    return result;
  }

  /**
   * `ok`, or `degraded: <why>`, after a probe write when none succeeded lately: a store that failed only reads (a
   * database that went away while nobody wrote) shows within PROBE_AFTER_MS, and a freed disk without waiting
   * for a user.
   */
  async state(): Promise<string> {
    if (this.probe && (this.fault !== undefined || this.now() - this.lastWriteAt >= PROBE_AFTER_MS)) {
      try {
        await this.write(this.probe);
      } catch {
        // still failing: the state says why
      }
    }
    return this.fault === undefined ? 'ok' : `degraded: ${this.fault}`;
  }

  /** Told once each time the store takes writes again after a fault. */
  onRecovered(listener: () => void | Promise<void>): void {
    this.recovered.add(listener);
  }
}

/**
 * Start-up's housekeeping writes (marking what a dead BFF left behind) must not keep the dashboard from
 * starting on a full disk: it starts degraded, and the housekeeping waits for the next start.
 */
export async function unlessStoreUnavailable(what: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 503) throw error;
    log.warn('start-up housekeeping skipped', { what, reason: error.message });
    return 0;
  }
}
