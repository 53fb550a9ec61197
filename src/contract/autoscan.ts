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

export const autoscanUpdateSchema = z.strictObject({
  enable_auto_scan: z.boolean(),
  schedule_at: z
    .array(scheduleTimeSchema)
    .max(24)
    .refine((times) => new Set(times).size === times.length, 'schedule_at has duplicate times'),
});
export type AutoscanUpdate = z.infer<typeof autoscanUpdateSchema>;
