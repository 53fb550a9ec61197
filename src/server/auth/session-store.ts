import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../store/database';
import type { Identity } from './identity';

interface SessionRow {
  user_name: string;
  role: Identity['role'];
  expires_at: string;
}

/** The row key: a digest of the id, so that a copy of the database holds no cookie anyone could replay. */
const rowKey = (id: string): string => createHash('sha256').update(id).digest('base64url');

/**
 * Signed-in sessions of token mode, in the store: a restart keeps them, and every replica on one database knows
 * every session, so a load balancer needs no stickiness. The cookie carries only a random id, never the token.
 */
export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async create(identity: Identity): Promise<string> {
    const now = new Date(this.now());
    await this.db.run(`DELETE FROM sessions WHERE expires_at <= ?`, [now.toISOString()]);
    const id = randomBytes(32).toString('base64url');
    await this.db.run(`INSERT INTO sessions (id_hash, user_name, role, expires_at) VALUES (?, ?, ?, ?)`, [
      rowKey(id),
      identity.user,
      identity.role,
      new Date(now.getTime() + this.ttlMs).toISOString(),
    ]);
    return id;
  }

  /** undefined for unknown and expired sessions alike. */
  async find(id: string): Promise<Identity | undefined> {
    const row = await this.db.get<SessionRow>(`SELECT user_name, role, expires_at FROM sessions WHERE id_hash = ?`, [
      rowKey(id),
    ]);
    if (!row) return undefined;
    if (Date.parse(row.expires_at) <= this.now()) {
      await this.delete(id);
      return undefined;
    }
    return { user: row.user_name, role: row.role };
  }

  async delete(id: string): Promise<void> {
    await this.db.run(`DELETE FROM sessions WHERE id_hash = ?`, [rowKey(id)]);
  }
}
