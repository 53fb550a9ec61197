import { z } from 'zod';
import { impactSchema, lfuParamsSchema, timestampSchema } from './hotkey-task';

export const sourceKindSchema = z.enum(['redis', 'dcs']);
export type SourceKind = z.infer<typeof sourceKindSchema>;

export const eligibilitySchema = z.object({
  ok: z.boolean(),
  /** Why an analysis cannot run (or a note when it can), in words an operator acts on. */
  reason: z.string().nullable(),
});
export type Eligibility = z.infer<typeof eligibilitySchema>;

export const instanceSummarySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  source: z.object({ id: z.string(), kind: sourceKindSchema, name: z.string() }),
  engine_version: z.string().nullable(),
  mode: z.enum(['standalone', 'cluster']),
  shard_count: z.number().int().nonnegative(),
  /** `RUNNING` when reachable; DCS statuses pass through; `UNREACHABLE` when the BFF cannot tell. */
  status: z.string(),
  eligibility: eligibilitySchema,
  /** The impact an analysis gets when its request names none (self-managed sources). */
  default_impact: impactSchema.optional(),
  /** Whether a sampling analysis (MONITOR for a window) can run; absent where the source offers none. */
  sampling: eligibilitySchema.optional(),
  /**
   * Set when the source did not answer in time and this is what it said at `checked_at` (the list and health
   * answer within a second whatever a source does).
   */
  stale: z.object({ checked_at: timestampSchema, reason: z.string() }).optional(),
  /** LFU parameters when the source can tell them; the estimate falls back to the Redis defaults. */
  lfu: lfuParamsSchema.extend({ known: z.boolean() }).optional(),
});
export type InstanceSummary = z.infer<typeof instanceSummarySchema>;

/** A source whose listing failed (cloud API down, bad credentials): shown, not silently dropped. */
export const sourceErrorSchema = z.object({
  source: z.object({ id: z.string(), kind: sourceKindSchema, name: z.string() }),
  error_code: z.string(),
  error_msg: z.string(),
});
export type SourceError = z.infer<typeof sourceErrorSchema>;

export const instanceListSchema = z.object({
  instances: z.array(instanceSummarySchema),
  source_errors: z.array(sourceErrorSchema).default([]),
});
export type InstanceList = z.infer<typeof instanceListSchema>;
