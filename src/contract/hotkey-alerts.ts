import { z } from 'zod';
import { scanTypeSchema, timestampSchema } from './hotkey-task';

/** Alert thresholds compare with the 8-bit LFU counter; 255 is its ceiling, so nothing is ever above it. */
export const alertThresholdSchema = z.number().int().min(0).max(254);

/** Redis glob syntax (`*`, `?`, `[abc]`, `\` escapes), as in SCAN MATCH. */
export const keyPatternSchema = z.string().min(1).max(256);

/** The alert rule of one instance: a key hotter than `freq_threshold` (and matching the pattern) alerts. */
export const alertRuleSchema = z.object({
  instance_id: z.string().min(1),
  enabled: z.boolean(),
  freq_threshold: alertThresholdSchema.nullable(),
  key_pattern: keyPatternSchema.nullable(),
  updated_at: timestampSchema.nullable(),
  /** Without a webhook URL in the BFF's configuration, alerts are recorded as failed, not sent. */
  webhook_configured: z.boolean(),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

export const alertRuleUpdateSchema = z.strictObject({
  enabled: z.boolean(),
  freq_threshold: alertThresholdSchema,
  key_pattern: keyPatternSchema.nullish(),
});
export type AlertRuleUpdate = z.infer<typeof alertRuleUpdateSchema>;

export const alertDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);
export type AlertDeliveryStatus = z.infer<typeof alertDeliveryStatusSchema>;

/** One alert raised by a finished analysis and what became of its webhook delivery. */
export const alertDeliverySchema = z.object({
  id: z.string().min(1),
  task_id: z.string().min(1),
  scan_type: scanTypeSchema,
  created_at: timestampSchema,
  status: alertDeliveryStatusSchema,
  attempts: z.number().int().nonnegative(),
  last_error: z.string().nullable(),
  delivered_at: timestampSchema.nullable(),
  key_count: z.number().int().nonnegative(),
  /** The hottest offending key, so the list reads without opening the task. */
  top_key: z.object({ name: z.string(), freq: z.number().int().min(0).max(255) }),
});
export type AlertDelivery = z.infer<typeof alertDeliverySchema>;

export const alertDeliveryListSchema = z.object({
  instance_id: z.string().min(1),
  webhook_configured: z.boolean(),
  records: z.array(alertDeliverySchema),
});
export type AlertDeliveryList = z.infer<typeof alertDeliveryListSchema>;
