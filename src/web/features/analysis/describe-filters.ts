import type { KeyFilters } from './view-state';

const list = (values: (string | number)[]) => values.join(', ');

/** The active filters as a sentence, for the panel header and so for screenshots. */
export function describeFilters(filters: KeyFilters): string {
  const parts: string[] = [];
  if (filters.shards.length) parts.push(`shard ${list(filters.shards)}`);
  if (filters.dbs.length) parts.push(`db ${list(filters.dbs)}`);
  if (filters.types.length) parts.push(`type ${list(filters.types)}`);
  if (filters.namespace !== null) parts.push(`namespace "${filters.namespace}" (delimiter "${filters.delimiter}")`);
  if (filters.name)
    parts.push(/[*?[]/.test(filters.name) ? `name matches ${filters.name}` : `name contains "${filters.name}"`);
  if (filters.minFreq > 0) parts.push(`freq at least ${filters.minFreq}`);
  return parts.length ? `filtered to ${parts.join('; ')}` : 'no filters';
}
