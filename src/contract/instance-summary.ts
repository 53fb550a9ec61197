import { z } from 'zod';
import { analysisMethodSchema, impactSchema, lfuParamsSchema, timestampSchema } from './hotkey-task';

export const sourceKindSchema = z.enum(['redis', 'dcs']);
export type SourceKind = z.infer<typeof sourceKindSchema>;

export const eligibilitySchema = z.object({
  ok: z.boolean(),
  /** Why an analysis cannot run (or a note when it can), in words an operator acts on. */
  reason: z.string().nullable(),
});
export type Eligibility = z.infer<typeof eligibilitySchema>;

/** One server of a cluster: the slots it serves (`0-5460`, `0-5460 10923`) and whether it is a master. */
export const clusterShardSchema = z.object({
  /** `ip:port` as the cluster reports it: the shard name keys carry. */
  addr: z.string().min(1),
  role: z.enum(['master', 'replica']),
  /** Slot ranges as CLUSTER NODES lists them; a replica's are its master's. Empty for a master without slots. */
  slots: z.string(),
});
export type ClusterShard = z.infer<typeof clusterShardSchema>;

/**
 * The newest finished analysis of an instance, so the list reads without opening each one: when, how, and its
 * hottest key (by measured rate for a sampling, else by freq).
 */
export const lastAnalysisSchema = z.object({
  id: z.string().min(1),
  finished_at: timestampSchema,
  method: analysisMethodSchema,
  num: z.number().int().nonnegative(),
  top_key: z
    .object({
      name: z.string(),
      binary: z.literal(true).optional(),
      db: z.number().int().nonnegative(),
      freq: z.number().int().min(0).max(255).nullish(),
      /** Accesses per second measured by a sampling. */
      per_second: z.number().nonnegative().optional(),
    })
    .nullable(),
  /** Read from the copy the dashboard kept of a cloud analysis (DCS), not from the cloud's own list. */
  kept_copy: z.literal(true).optional(),
});
export type LastAnalysis = z.infer<typeof lastAnalysisSchema>;

export const instanceSummarySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  source: z.object({ id: z.string(), kind: sourceKindSchema, name: z.string() }),
  /**
   * The server software, lower case: `redis`, `valkey` (INFO's `server_name:valkey`) or what DCS names. Absent
   * when unknown.
   */
  engine: z.string().min(1).optional(),
  /** The version of `engine` (a Valkey server's `valkey_version`, not the Redis version it reports for clients). */
  engine_version: z.string().nullable(),
  mode: z.enum(['standalone', 'cluster']),
  shard_count: z.number().int().nonnegative(),
  /** The servers of a cluster with their slots and role (self-managed clusters). */
  shards: z.array(clusterShardSchema).optional(),
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
  /**
   * The newest successful analysis; null when there is none yet. Absent where the dashboard cannot tell without
   * asking the cloud for every instance's history (a DCS instance none of whose analyses it has kept).
   */
  last_analysis: lastAnalysisSchema.nullable().optional(),
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
