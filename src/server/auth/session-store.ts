import { randomBytes } from 'node:crypto';
import type { Identity } from './identity';

/**
 * Signed-in sessions of token mode, in memory: a restart signs everyone out, which is the safe side.
 * The cookie carries only a random id, never the token.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Identity & { expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(identity: Identity): string {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { ...identity, expiresAt: this.now() + this.ttlMs });
    return id;
  }

  /** undefined for unknown and expired sessions alike. */
  find(id: string): Identity | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return { user: session.user, role: session.role };
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}
