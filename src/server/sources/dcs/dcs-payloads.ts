import { z } from 'zod';

/**
 * The upstream payloads the BFF reads besides the hot key contract. Documented examples drift from the
 * documented types (`publicip_id: {}`, a numeric `enterprise_project_id`), so only the fields read here are
 * checked; unknown fields are dropped, and optional fields of a surprising type read as absent.
 */
const versionString = z.union([z.string(), z.number()]).transform(String);
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().catch(undefined);

export const listedInstanceSchema = z.object({
  instance_id: z.string().min(1),
  name: z.string(),
  engine: optional(z.string()),
  engine_version: optional(versionString),
  status: optional(z.string()),
});
export type ListedInstance = z.infer<typeof listedInstanceSchema>;

export const instanceListPageSchema = z.object({
  instance_num: z.number().int().nonnegative(),
  instances: z.array(listedInstanceSchema).nullish(),
});

export const instanceDetailsSchema = listedInstanceSchema.extend({
  /** single, ha, ha_rw_split, cluster or proxy. */
  cache_mode: optional(z.string()),
  sharding_count: optional(z.number().int().nonnegative()),
});
export type InstanceDetails = z.infer<typeof instanceDetailsSchema>;

export const instanceConfigsSchema = z.object({
  redis_config: z.array(z.object({ param_name: z.string(), param_value: optional(versionString) })),
});
export type InstanceConfigs = z.infer<typeof instanceConfigsSchema>;

const parsableDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');

export const iamTokenBodySchema = z.object({
  token: z.object({ expires_at: parsableDate, issued_at: optional(parsableDate) }),
});

/** Keystone answers `{error: {code, message, title}}`; some IAM front ends answer like the gateway. */
export const iamErrorBodySchema = z.union([
  z.object({ error_code: z.string(), error_msg: z.string() }),
  z.object({ error: z.object({ code: z.union([z.string(), z.number()]), message: z.string() }) }),
]);
