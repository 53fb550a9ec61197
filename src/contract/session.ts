import { z } from 'zod';

export const roleSchema = z.enum(['viewer', 'operator']);
export type Role = z.infer<typeof roleSchema>;

/** Who the BFF takes the caller for (`GET /api/me`). */
export const meSchema = z.object({
  user: z.string(),
  role: roleSchema,
  auth_mode: z.enum(['none', 'token', 'proxy']),
});
export type Me = z.infer<typeof meSchema>;

/** Token sign-in (`POST /api/session`): the token is exchanged for an HttpOnly session cookie. */
export const signInRequestSchema = z.strictObject({ token: z.string().min(1).max(1024) });
