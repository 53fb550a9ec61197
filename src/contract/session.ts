import { z } from 'zod';

export const roleSchema = z.enum(['viewer', 'operator']);
export type Role = z.infer<typeof roleSchema>;

export const authModeSchema = z.enum(['none', 'token', 'proxy']);
export type AuthMode = z.infer<typeof authModeSchema>;

/** Who the BFF takes the caller for (`GET /api/me`). */
export const meSchema = z.object({
  user: z.string(),
  role: roleSchema,
  auth_mode: authModeSchema,
});
export type Me = z.infer<typeof meSchema>;

/**
 * How one signs in here (`GET /api/session`, public): after a 401 the SPA offers a token form, or explains
 * that the dashboard must be opened through its sign-in proxy.
 */
export const sessionInfoSchema = z.object({ auth_mode: authModeSchema });
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/** `DELETE /api/session`. */
export const signOutSchema = z.object({ signed_out: z.literal(true) });

/** Token sign-in (`POST /api/session`): the token is exchanged for an HttpOnly session cookie. */
export const signInRequestSchema = z.strictObject({ token: z.string().min(1).max(1024) });
