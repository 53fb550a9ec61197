import { z } from 'zod';

const isHttpUrl = (raw: string): boolean => {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

const httpUrlSchema = z.string().refine(isHttpUrl, 'expected an http:// or https:// URL');

/** Where the dashboard is reached by the people an alert links to (it may sit behind a proxy). */
export const publicUrlSchema = httpUrlSchema.refine((raw) => {
  const url = new URL(raw);
  return !url.username && !url.password && !url.search && !url.hash;
}, 'expected a base URL without credentials, query or fragment');

export const alertsConfigSchema = z
  .strictObject({
    webhookUrl: httpUrlSchema.optional(),
    /** Webhook URLs often carry their token: naming a variable keeps it out of the file. */
    webhookUrlEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    /** Tries per alert, the first included; waits between them double from one second. */
    maxAttempts: z.number().int().min(1).max(10).default(5),
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  })
  .refine((a) => (a.webhookUrl === undefined) !== (a.webhookUrlEnv === undefined), {
    message: 'give either "webhookUrl" or "webhookUrlEnv"',
    path: ['webhookUrl'],
  });
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;

export interface WebhookTarget {
  url: string;
  maxAttempts: number;
  timeoutMs: number;
}

export class WebhookConfigError extends Error {}

/** Reads the URL from the environment when the configuration names a variable; checks it either way. */
export function resolveWebhook(config: AlertsConfig | undefined, env: NodeJS.ProcessEnv): WebhookTarget | undefined {
  if (!config) return undefined;
  const url = config.webhookUrl ?? env[config.webhookUrlEnv ?? ''];
  if (!url)
    throw new WebhookConfigError(`alerts.webhookUrlEnv: environment variable ${config.webhookUrlEnv} is not set`);
  if (!isHttpUrl(url)) {
    throw new WebhookConfigError(`alerts.webhookUrlEnv: ${config.webhookUrlEnv} is not an http:// or https:// URL`);
  }
  return { url, maxAttempts: config.maxAttempts, timeoutMs: config.timeoutMs };
}

/** Only the origin may reach a log line: path and query of a webhook URL often hold its secret. */
export const webhookOrigin = (url: string): string => new URL(url).origin;
