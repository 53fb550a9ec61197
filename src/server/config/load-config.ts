import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type Config, configSchema } from './config-schema';

export class ConfigError extends Error {}

/** Names the offending field, e.g. `sources[1].url: expected redis://host:port`. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
        .join('');
      return `${path || '(top level)'}: ${issue.message}`;
    })
    .join('; ');
}

export function parseConfig(raw: unknown, origin: string): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`invalid configuration in ${origin}: ${describeIssues(result.error)}`);
  return result.data;
}

export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read configuration file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`configuration file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(raw, path);
}
