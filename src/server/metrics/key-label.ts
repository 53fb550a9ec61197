import { createHash } from 'node:crypto';

/** Key names up to this many characters are exported whole. */
export const KEY_LABEL_MAX_CHARS = 200;

/**
 * A key name as a label value. Prometheus stores every label value in every sample's series, and a scrape
 * config may refuse long ones (`label_value_length_limit`), while a Redis key may be megabytes long. A name
 * over the limit keeps its first KEY_LABEL_MAX_CHARS characters and gets a marker naming how many were cut and
 * the start of the whole name's SHA-256: two long names with one prefix stay two series, and the result is
 * longer than any name exported whole, so it cannot be mistaken for one.
 */
export function keyLabel(name: string): string {
  if (name.length <= KEY_LABEL_MAX_CHARS) return name;
  const chars = Array.from(name);
  if (chars.length <= KEY_LABEL_MAX_CHARS) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${chars.slice(0, KEY_LABEL_MAX_CHARS).join('')}…[${chars.length - KEY_LABEL_MAX_CHARS} more characters, sha256 ${hash}]`;
}
