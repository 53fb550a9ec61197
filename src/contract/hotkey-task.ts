import { z } from 'zod';

/**
 * The DCS hot key analysis contract (see the DCS API reference), shared by the BFF and the SPA.
 * Cloud payloads drift from their documentation, so unknown fields are tolerated (stripped) and
 * only what the dashboard reads is checked.
 */

export const taskStatusSchema = z.enum(['waiting', 'running', 'success', 'failed']);
export type TaskStatus = z.infer<typeof taskStatusSchema>;
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['success', 'failed'];
export const isTerminal = (status: TaskStatus): boolean => TERMINAL_STATUSES.includes(status);

/** `manual` by a user, `auto` by a daily schedule, `watch` by a watch repeating an analysis every few seconds. */
export const scanTypeSchema = z.enum(['manual', 'auto', 'watch']);
export type ScanType = z.infer<typeof scanTypeSchema>;

/** `2020-06-15T02:21:18.669Z`: the timestamp format of every DCS example. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** Strings are measured in bytes, collections in elements; a module type keeps its own name. */
export const sizeUnitSchema = z.string().min(1);

export const lfuEstimateSchema = z.object({
  hits: z.number().nonnegative(),
  per_second_floor: z.number().nonnegative(),
  at_ceiling: z.boolean(),
});
export type LfuEstimate = z.infer<typeof lfuEstimateSchema>;

/** `lfu-log-factor` and `lfu-decay-time` (minutes): what a freq means depends on them. */
export const lfuParamsSchema = z.object({ log_factor: z.number(), decay_time: z.number() });
export type LfuParams = z.infer<typeof lfuParamsSchema>;

/**
 * One client's part of the sampled accesses (of a key, or of all keys): `addr` as MONITOR names it (`ip:port`,
 * `unix:/path`), `name` as set by CLIENT SETNAME and `lib` (`lib-name lib-ver`, Redis 7.2+) as CLIENT LIST showed
 * them at the start or end of the window (null when unset, or the client came and went in between). Behind a proxy
 * or NAT the address is the proxy's. The rows past the top ten are summed into one with `addr` `others`, and
 * `clients` saying how many it holds. `shard` names the master on a cluster's task-level table.
 */
export const clientShareSchema = z.object({
  addr: z.string().min(1),
  name: z.string().nullish(),
  lib: z.string().nullish(),
  count: z.number().int().nonnegative(),
  per_second: z.number().nonnegative(),
  share: z.number().min(0).max(1),
  shard: z.string().nullish(),
  clients: z.number().int().positive().optional(),
});
export type ClientShare = z.infer<typeof clientShareSchema>;
export const OTHER_CLIENTS = 'others';

export const keyRecordSchema = z.object({
  name: z.string(),
  /**
   * The name's bytes are not valid UTF-8: `name` then holds them escaped as redis-cli prints them (`\xff`,
   * `\n`, `\"`, `\\`), so that a key literally named `\xff` (no flag) is told apart from the byte 0xff.
   */
  binary: z.literal(true).optional(),
  type: z.string().min(1),
  /** `ip:port` of the master holding the key (cluster instances only). */
  shard: z.string().nullish(),
  db: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  unit: sizeUnitSchema,
  /**
   * The 8-bit Redis LFU counter (OBJECT FREQ): logarithmic, not a count. Absent where the server has no LFU
   * policy (a sampling analysis of such a server): there is no counter to read.
   */
  freq: z.number().int().min(0).max(255).nullish(),
  lfu_estimate: lfuEstimateSchema.optional(),
  /**
   * Measured by a sampling analysis (MONITOR over a window): accesses seen, their rate and commands. The rate
   * is the count over the time MONITOR actually ran on the key's master (see the task's `sampled`), with a
   * 95% interval from the count alone (Poisson): a key seen a few times gets a wide one. Records of older
   * versions have no interval.
   */
  sample: z
    .object({
      count: z.number().int().nonnegative(),
      per_second: z.number().nonnegative(),
      per_second_low: z.number().nonnegative().optional(),
      per_second_high: z.number().nonnegative().optional(),
      commands: z.record(z.string(), z.number().int().nonnegative()),
      /** Accesses by commands the server flags `write` (COMMAND); the rest are reads. */
      writes: z.number().int().nonnegative().optional(),
      /** Reads whose reply is the whole value (GET of a string, HGETALL, SMEMBERS, LRANGE 0 -1...). */
      whole_reads: z.number().int().nonnegative().optional(),
      /** An estimate of the bytes the key's replies carried per second (see the README's rule table). */
      bytes_per_second: z.number().nonnegative().optional(),
      /** Who sent the accesses, most first (top ten, then `others`). Absent on records of older versions. */
      clients: z.array(clientShareSchema).optional(),
    })
    .optional(),
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;
export type KeyWithFreq = KeyRecord & { freq: number };
/** Only keys with an LFU counter can be ranked, charted, estimated or alerted on by freq. */
export const hasFreq = (key: KeyRecord): key is KeyWithFreq => key.freq !== null && key.freq !== undefined;

export const shardProgressSchema = z.object({
  shard: z.string(),
  scanned: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  done: z.boolean(),
});
export const taskProgressSchema = z.object({
  scanned: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  shards: z.array(shardProgressSchema),
});
export type TaskProgress = z.infer<typeof taskProgressSchema>;

export const impactSchema = z.enum(['gentle', 'fast']);
export type Impact = z.infer<typeof impactSchema>;

/** `lfu` reads OBJECT FREQ over a SCAN; `sample` counts real accesses with MONITOR for a window. */
export const analysisMethodSchema = z.enum(['lfu', 'sample']);
export type AnalysisMethod = z.infer<typeof analysisMethodSchema>;

/**
 * What a probe client saw on one server: the latency of a PING sent every 2 ms or so on a connection
 * of its own, over a short window before the analysis and over the analysis itself.
 */
export const probeFiguresSchema = z.object({
  probe_p50_ms_before: z.number().nonnegative(),
  probe_p99_ms_before: z.number().nonnegative(),
  probe_p50_ms_during: z.number().nonnegative(),
  probe_p99_ms_during: z.number().nonnegative(),
  /** Probe replies during the analysis (a short analysis has few, and its p99 is then nearly its maximum). */
  samples: z.number().int().nonnegative(),
  samples_before: z.number().int().nonnegative(),
});
export type ProbeFigures = z.infer<typeof probeFiguresSchema>;

/**
 * What an analysis of a self-managed server cost it, measured while it ran: the figures over every server
 * together, and per server (`shard` is `ip:port`, also for a standalone server). The latency budget is the
 * rise of the probe's p99 the analysis allows itself: `gentle` scans and samplings pace themselves by it,
 * `fast` ignores it (`budget_applied` false) and only reports.
 */
export const impactMeasuredSchema = probeFiguresSchema.extend({
  shards: z.array(probeFiguresSchema.extend({ shard: z.string().min(1) })),
  budget_ms: z.number().positive(),
  budget_applied: z.boolean(),
  /** How often the analysis slowed down because the probe's p99 went above before + budget. */
  backoffs: z.number().int().nonnegative(),
  /** Length of the window probed before the analysis, and of the analysis itself. */
  before_ms: z.number().nonnegative(),
  during_ms: z.number().nonnegative(),
});
export type ImpactMeasured = z.infer<typeof impactMeasuredSchema>;

/** The server that paid the most: the largest rise of the probe's p99 (a master of a cluster, or the server). */
export const mostAffectedShard = (impact: ImpactMeasured): (ProbeFigures & { shard: string }) | undefined =>
  [...impact.shards].sort(
    (a, b) => b.probe_p99_ms_during - b.probe_p99_ms_before - (a.probe_p99_ms_during - a.probe_p99_ms_before),
  )[0];

const sampledTimeSchema = z.object({
  /** Time MONITOR ran, summed over its slices (in all: and over the masters), and its share of the window. */
  sampled_ms: z.number().nonnegative(),
  sampled_fraction: z.number().min(0).max(1),
  /** MONITOR ran in this many slices; 1 when the server had room for it the whole window. */
  slices: z.number().int().nonnegative(),
});

/**
 * How much of a sampling window MONITOR actually ran: on a busy server it runs duty-cycled (on for a slice,
 * off for a slice) so that the probe's p99 stays within the budget, and rates are counts over the time
 * sampled, per master.
 */
export const sampledSchema = sampledTimeSchema.extend({
  window_ms: z.number().nonnegative(),
  shards: z.array(sampledTimeSchema.extend({ shard: z.string().min(1) })),
  /** Who sent the key accesses of the whole window, over every master (absent on older records). */
  clients: z.array(clientShareSchema).optional(),
});
export type Sampled = z.infer<typeof sampledSchema>;

export const taskSchema = z.object({
  id: z.string().min(1),
  instance_id: z.string().min(1),
  status: taskStatusSchema,
  scan_type: scanTypeSchema,
  created_at: timestampSchema,
  started_at: timestampSchema.nullish(),
  finished_at: timestampSchema.nullish(),
  num: z.number().int().nonnegative().nullish(),
  keys: z.array(keyRecordSchema).nullish(),
  /** BFF extensions, absent on tasks that come straight from DCS. */
  failure_reason: z.string().nullish(),
  impact: impactSchema.nullish(),
  method: analysisMethodSchema.nullish(),
  /** Sampling window in seconds (method `sample`). */
  seconds: z.number().int().positive().nullish(),
  progress: taskProgressSchema.nullish(),
  /** A remark on a finished analysis, e.g. a sampling window the byte limit cut short. */
  note: z.string().nullish(),
  /** The LFU parameters the server had when its freqs were read (self-managed analyses). */
  lfu: lfuParamsSchema.nullish(),
  /**
   * The analysis's own cost, measured by probing the servers it worked on. Absent on DCS tasks: the cloud
   * runs the scan and publishes no figure for it (its documentation says "up to 10%"), and the BFF has no
   * connection to a DCS instance's servers to probe; absent too on analyses from before it was measured.
   */
  impact_measured: impactMeasuredSchema.nullish(),
  /** Sampling analyses: how much of the window MONITOR ran. */
  sampled: sampledSchema.nullish(),
  /** The BFF's own copy of a finished cloud task, served because the cloud no longer returns it. */
  kept_copy: z.boolean().optional(),
  /** The watch that started this analysis (`scan_type: watch`). */
  watch_id: z.string().min(1).nullish(),
});
export type Task = z.infer<typeof taskSchema>;

/** List records carry only the summary fields. */
export const taskRecordSchema = taskSchema.pick({
  id: true,
  status: true,
  scan_type: true,
  created_at: true,
  started_at: true,
  finished_at: true,
  num: true,
  failure_reason: true,
  impact: true,
  method: true,
  seconds: true,
  watch_id: true,
});
export type TaskRecord = z.infer<typeof taskRecordSchema>;

export const taskListSchema = z.object({
  instance_id: z.string().min(1),
  /** Total number of records, not the page size. */
  count: z.number().int().nonnegative(),
  records: z.array(taskRecordSchema),
});
export type TaskList = z.infer<typeof taskListSchema>;

/**
 * A query parameter holding a whole number written in plain decimal digits: `0x10`, `1e1`, ` 16` or `16.0`
 * are refused, not read as 16.
 */
export const decimalIntegerParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,8})$/, 'expected a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const taskListQuerySchema = z.object({
  offset: decimalIntegerParam(0, 1_000_000).default(0),
  limit: decimalIntegerParam(1, 1000).default(10),
  status: taskStatusSchema.optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

export const SAMPLE_SECONDS = { min: 1, max: 60, default: 5 } as const;

/**
 * The create body: `{}` (LFU at the source's impact, gentle unless configured), `{"impact": "fast"}`, or
 * `{"method": "sample", "seconds": N}`.
 */
export const createTaskRequestSchema = z
  .strictObject({
    method: analysisMethodSchema.default('lfu'),
    impact: impactSchema.optional(),
    seconds: z.number().int().min(SAMPLE_SECONDS.min).max(SAMPLE_SECONDS.max).optional(),
  })
  .refine((r) => r.method === 'sample' || r.seconds === undefined, {
    message: '"seconds" applies only to "method": "sample"',
    path: ['seconds'],
  })
  .transform((r) => (r.method === 'sample' ? { ...r, seconds: r.seconds ?? SAMPLE_SECONDS.default } : r));
export type CreateTaskRequest = z.infer<typeof createTaskRequestSchema>;
