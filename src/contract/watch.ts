import { z } from 'zod';
import { analysisMethodSchema, SAMPLE_SECONDS, timestampSchema } from './hotkey-task';
import { keyNameEncodingSchema } from './key-history';

/**
 * A watch repeats one analysis of an instance every `every_seconds` for `for_seconds`, one at a time, so that
 * heat reads as lines over time. `POST /api/instances/:id/watches` starts one.
 */

export const WATCH_EVERY_SECONDS = { min: 10, max: 3600, default: 30 } as const;
export const WATCH_FOR_SECONDS = { min: 10, max: 4 * 3600, default: 15 * 60 } as const;
/** A sampling watch samples this long at each iteration. */
export const WATCH_SAMPLE_SECONDS = SAMPLE_SECONDS.default;

export const watchStatusSchema = z.enum(['running', 'stopped', 'finished', 'interrupted']);
export type WatchStatus = z.infer<typeof watchStatusSchema>;

export const createWatchRequestSchema = z
  .strictObject({
    method: analysisMethodSchema.default('lfu'),
    every_seconds: z
      .number()
      .int()
      .min(WATCH_EVERY_SECONDS.min)
      .max(WATCH_EVERY_SECONDS.max)
      .default(WATCH_EVERY_SECONDS.default),
    for_seconds: z
      .number()
      .int()
      .min(WATCH_FOR_SECONDS.min)
      .max(WATCH_FOR_SECONDS.max)
      .default(WATCH_FOR_SECONDS.default),
  })
  .refine((r) => r.every_seconds <= r.for_seconds, {
    message: '"every_seconds" must not exceed "for_seconds"',
    path: ['every_seconds'],
  });
export type CreateWatchRequest = z.infer<typeof createWatchRequestSchema>;

/** An iteration that did not start an analysis, and why (another analysis was still running, ...). */
export const watchSkipSchema = z.object({ at: timestampSchema, reason: z.string() });

export const watchSchema = z.object({
  id: z.string().min(1),
  instance_id: z.string().min(1),
  status: watchStatusSchema,
  method: analysisMethodSchema,
  every_seconds: z.number().int().positive(),
  for_seconds: z.number().int().positive(),
  started_at: timestampSchema,
  /** When the watch ends by itself. */
  ends_at: timestampSchema,
  /** The analyses it started, oldest first. */
  task_ids: z.array(z.string().min(1)),
  /** BFF extensions: who started it, when and why it ended, the latest iterations it skipped. */
  started_by: z.string(),
  ended_at: timestampSchema.nullable(),
  end_reason: z.string().nullable(),
  skips: z.array(watchSkipSchema),
});
export type Watch = z.infer<typeof watchSchema>;

export const watchListSchema = z.object({
  instance_id: z.string().min(1),
  /** Newest first. */
  records: z.array(watchSchema),
});
export type WatchList = z.infer<typeof watchListSchema>;

/** A key named as the records name it. */
const seriesKeySchema = z.object({
  name: z.string(),
  db: z.number().int().nonnegative(),
  encoding: keyNameEncodingSchema,
});

/**
 * The top keys of a watch as lines: `GET /api/instances/:id/watches/:watchId/keys`. `values[i]` is the key's
 * reading in `iterations[i]`, null where that analysis did not list it.
 */
export const watchSeriesSchema = z.object({
  watch_id: z.string().min(1),
  instance_id: z.string().min(1),
  /** freq for LFU watches, accesses per second for sampling ones. */
  measure: z.enum(['freq', 'per_second']),
  /** The watch's finished analyses, oldest first. */
  iterations: z.array(z.object({ task_id: z.string().min(1), at: timestampSchema, num: z.number().int() })),
  keys: z.array(seriesKeySchema.extend({ values: z.array(z.number().nullable()) })),
  /**
   * The key whose reading rose most between the two latest iterations. A key the earlier one did not list counts
   * from that iteration's lowest reading (it was not above it), at least from where a new key starts (freq 5, or
   * 0 accesses per second).
   */
  rose_most: seriesKeySchema
    .extend({
      before: z.number().nullable(),
      after: z.number(),
      rise: z.number().positive(),
      from_task: z.string().min(1),
      to_task: z.string().min(1),
    })
    .nullable(),
});
export type WatchSeries = z.infer<typeof watchSeriesSchema>;
