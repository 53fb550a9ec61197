import { z } from 'zod';

/** Who is using the dashboard. A BFF without authentication has no `/api/me` (404): everyone operates. */
export const meSchema = z.object({
  user: z.string().nullish(),
  role: z.enum(['viewer', 'operator']),
  auth_mode: z.string(),
});
export type Me = z.infer<typeof meSchema>;
