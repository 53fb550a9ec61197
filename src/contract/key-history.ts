import { z } from 'zod';
import {
  analysisMethodSchema,
  decimalIntegerParam,
  type KeyRecord,
  lfuEstimateSchema,
  lfuParamsSchema,
  scanTypeSchema,
  taskStatusSchema,
  timestampSchema,
} from './hotkey-task';
import { idleDecaySteps } from './lfu-decay';

/**
 * The key timeline: one key of one instance across every finished analysis the BFF keeps.
 * `GET /api/instances/:id/key-history?db=N&key=NAME[&encoding=E]`.
 */

/**
 * How a key name is written in the records: `utf8`, its text (nearly always), or `binary`, the redis-cli escape
 * of bytes that are not valid UTF-8 (the key record says `"binary": true`). A key literally named `\xff` and the
 * byte 0xff are two keys: `key=\xff` finds the first, `key=\xff&encoding=binary` the second.
 */
export const keyNameEncodingSchema = z.enum(['utf8', 'binary']);
export type KeyNameEncoding = z.infer<typeof keyNameEncodingSchema>;
export const PLAIN_NAME_ENCODING: KeyNameEncoding = 'utf8';

/** The encoding of a key record's name, as the key rows store it (the migration's view reads the same flag). */
export const nameEncodingOf = (key: Pick<KeyRecord, 'binary'>): KeyNameEncoding => (key.binary ? 'binary' : 'utf8');

/**
 * What a binary name can be: redis-cli's escape (sdscatrepr) leaves only printable ASCII other than `\` and `"`
 * as it is; every other byte is `\xNN` or one of `\n \r \t \a \b \\ \"`. Anything else names no key the
 * records can hold, and is refused rather than looked up.
 */
const REDIS_ESCAPED = /^(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\x[0-9a-fA-F]{2}|\\[nrtab"\\])*$/;

export const keyHistoryQuerySchema = z
  .object({
    db: decimalIntegerParam(0, 999_999_999),
    /** Exactly as the key records carry the name (the empty name is a valid Redis key). */
    key: z.string().max(8192),
    encoding: keyNameEncodingSchema.optional(),
  })
  .refine((query) => query.encoding !== 'binary' || REDIS_ESCAPED.test(query.key), {
    path: ['key'],
    message:
      'a binary name is written as redis-cli escapes it: printable ASCII, \\xNN and \\n \\r \\t \\a \\b \\\\ \\"',
  });
export type KeyHistoryQuery = z.infer<typeof keyHistoryQuerySchema>;

/** An analysis on the timeline: which, when it read the keys (its start), how and why it ran. */
const timelineAnalysisSchema = z.object({
  task_id: z.string().min(1),
  at: timestampSchema,
  method: analysisMethodSchema,
  scan_type: scanTypeSchema,
});

/** One finished analysis that listed the key; each method fills what it measures. */
export const keyHistoryPointSchema = timelineAnalysisSchema.extend({
  freq: z.number().int().min(0).max(255).optional(),
  lfu_estimate: lfuEstimateSchema.optional(),
  /** The LFU parameters the freq was read with (the same ones its estimate used). */
  lfu: lfuParamsSchema.optional(),
  /** Accesses per second measured by a sampling analysis. */
  sample_per_second: z.number().nonnegative().optional(),
});
export type KeyHistoryPoint = z.infer<typeof keyHistoryPointSchema>;

/** A finished analysis in the timeline's span whose top list did not include the key: a gap, not a zero. */
export const keyHistoryGapSchema = timelineAnalysisSchema.extend({
  /** How many keys that analysis kept: the key was not among them. */
  num: z.number().int().nonnegative(),
});
export type KeyHistoryGap = z.infer<typeof keyHistoryGapSchema>;

export const keyHistorySchema = z.object({
  instance_id: z.string().min(1),
  db: z.number().int().nonnegative(),
  key: z.string(),
  encoding: keyNameEncodingSchema,
  /** Oldest first. */
  points: z.array(keyHistoryPointSchema),
  /** From the first point on, oldest first. */
  not_listed: z.array(keyHistoryGapSchema),
  /** Finished analyses of the instance the BFF keeps, whether they listed the key or not. */
  analyses_kept: z.number().int().nonnegative(),
  /** An analysis of the instance still under way: a new point may come. */
  active: z.object({ task_id: z.string().min(1), status: taskStatusSchema }).nullable(),
});
export type KeyHistory = z.infer<typeof keyHistorySchema>;

export type TrendMeasure = 'freq' | 'per_second';
export interface TrendReading {
  task_id: string;
  at: string;
  value: number;
}
export interface KeyTrend {
  direction: 'rising' | 'falling' | 'steady';
  measure: TrendMeasure;
  /** The readings the verdict rests on, oldest first: the verdict compares the first with the last. */
  readings: TrendReading[];
  /** A fall of freq that idle decay alone explains over the readings' span. */
  idleDecay: boolean;
}

/** The trend looks at this many of the latest readings. */
export const TREND_READINGS = 5;
/** The LFU counter moves in random single steps; a change of one step is noise. */
const FREQ_NOISE_STEPS = 1;
/** Sampled rates move with the window; a change under half again is noise. */
const RATE_FACTOR = 1.5;

const valueOf = (point: KeyHistoryPoint, measure: TrendMeasure): number | undefined =>
  measure === 'freq' ? point.freq : point.sample_per_second;

/**
 * Rising, falling or steady over the latest readings of one measure: the measured rate where the newest point
 * has one (it counts accesses), else freq. Null with fewer than two readings of either.
 */
export function keyTrend(points: readonly KeyHistoryPoint[]): KeyTrend | null {
  const newest = points.at(-1);
  if (!newest) return null;
  const ordered: TrendMeasure[] =
    newest.sample_per_second !== undefined ? ['per_second', 'freq'] : ['freq', 'per_second'];
  for (const measure of ordered) {
    const readings = points
      .filter((point) => valueOf(point, measure) !== undefined)
      .slice(-TREND_READINGS)
      .map((point) => ({ task_id: point.task_id, at: point.at, value: valueOf(point, measure)! }));
    if (readings.length < 2) continue;
    const first = readings[0]!;
    const last = readings.at(-1)!;
    if (measure === 'per_second') {
      const direction =
        last.value > first.value * RATE_FACTOR || (first.value === 0 && last.value > 0)
          ? 'rising'
          : last.value * RATE_FACTOR < first.value
            ? 'falling'
            : 'steady';
      return { direction, measure, readings, idleDecay: false };
    }
    const delta = last.value - first.value;
    const direction = delta > FREQ_NOISE_STEPS ? 'rising' : delta < -FREQ_NOISE_STEPS ? 'falling' : 'steady';
    const firstPoint = points.find((point) => point.task_id === first.task_id);
    const decayTime = firstPoint?.lfu?.decay_time ?? 0;
    const steps = idleDecaySteps(Date.parse(last.at) - Date.parse(first.at), decayTime);
    return { direction, measure, readings, idleDecay: direction === 'falling' && -delta <= steps };
  }
  return null;
}
