import { z } from 'zod';
import { timestampSchema } from './hotkey-task';

/** A daily UTC time, `HH:MM`. */
export const scheduleTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a UTC time HH:MM');

export const autoscanConfigSchema = z.object({
  instance_id: z.string().min(1),
  enable_auto_scan: z.boolean(),
  schedule_at: z.array(scheduleTimeSchema),
  updated_at: timestampSchema.nullish(),
});
export type AutoscanConfig = z.infer<typeof autoscanConfigSchema>;

/** Times per day an instance may be analysed: one an hour already costs a scan of every key hourly. */
export const MAX_SCHEDULE_TIMES = 24;

export const autoscanUpdateSchema = z
  .strictObject({
    enable_auto_scan: z.boolean(),
    schedule_at: z
      .array(scheduleTimeSchema)
      .max(MAX_SCHEDULE_TIMES)
      .refine((times) => new Set(times).size === times.length, 'schedule_at has duplicate times'),
  })
  // An enabled schedule without a time would look switched on and never run.
  .refine((update) => !update.enable_auto_scan || update.schedule_at.length > 0, {
    message: 'enable_auto_scan needs at least one time in schedule_at',
    path: ['schedule_at'],
  });
export type AutoscanUpdate = z.infer<typeof autoscanUpdateSchema>;

/**
 * What became of one due time of the BFF's own scheduler: the analysis it started, or why none was
 * (`skipped`: another analysis of the instance was still active; `failed`: the start was refused).
 */
export const scheduleRunSchema = z.object({
  due_at: timestampSchema,
  outcome: z.enum(['started', 'skipped', 'failed']),
  task_id: z.string().nullable(),
  reason: z.string().nullable(),
  recorded_at: timestampSchema,
});
export type ScheduleRun = z.infer<typeof scheduleRunSchema>;

export const scheduleRunListSchema = z.object({
  instance_id: z.string().min(1),
  records: z.array(scheduleRunSchema),
});
export type ScheduleRunList = z.infer<typeof scheduleRunListSchema>;
