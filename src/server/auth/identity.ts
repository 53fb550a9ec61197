import type { Role } from '../../contract/session';

/** The caller as the BFF knows them after authentication. */
export interface Identity {
  user: string;
  role: Role;
}

/** Hono context variables set by the auth middleware. */
export interface AuthVariables {
  identity: Identity;
  /** The task a state change touched, for the audit line. */
  auditTask?: string;
  /** The watch a state change started, for the audit line. */
  auditWatch?: string;
}
