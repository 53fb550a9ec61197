import { z } from 'zod';

/** Every 4xx/5xx body, from DCS and from the BFF alike. */
export const errorBodySchema = z.object({
  error_code: z.string().min(1),
  error_msg: z.string(),
  error_ext_msg: z.string().nullish(),
  /** Plain-language advice the BFF adds for known codes. */
  hint: z.string().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
