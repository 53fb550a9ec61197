import type { KeyRecord } from '../../../contract/hotkey-task';
import { namespaceOf } from './namespaces';
import type { KeyFilters, SortColumn, SortDirection } from './view-state';
import { compareText } from '../../lib/compare-text';

const globChars = /[*?[]/;

/** Translates a Redis-style glob (`*`, `?`, `[abc]`, `\x`) into an anchored regular expression. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] as string;
    if (c === '\\' && i + 1 < glob.length) {
      i += 1;
      source += (glob[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        source += `[${body.startsWith('^') ? `\\${body}` : body}]`;
        i = end;
      }
    } else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

export function nameMatcher(pattern: string): (name: string) => boolean {
  if (!pattern) return () => true;
  if (globChars.test(pattern)) {
    const regExp = globToRegExp(pattern);
    return (name) => regExp.test(name);
  }
  const needle = pattern.toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}

/** The one filter behind table, charts and exports, so all three always show the same keys. */
export function filterKeys(keys: readonly KeyRecord[], filters: KeyFilters): KeyRecord[] {
  const matchName = nameMatcher(filters.name);
  const shards = new Set(filters.shards);
  const dbs = new Set(filters.dbs);
  const types = new Set(filters.types);
  return keys.filter(
    (key) =>
      // A key without an LFU counter passes only when no minimum is asked for.
      (key.freq ?? 0) >= filters.minFreq &&
      (shards.size === 0 || shards.has(key.shard ?? '')) &&
      (dbs.size === 0 || dbs.has(key.db)) &&
      (types.size === 0 || types.has(key.type)) &&
      (filters.namespace === null || namespaceOf(key.name, filters.delimiter) === filters.namespace) &&
      matchName(key.name),
  );
}

/** Keys without an LFU counter sort below every counter. */
const freqOrder = (key: KeyRecord): number => key.freq ?? -1;

const compareBy: Record<SortColumn, (a: KeyRecord, b: KeyRecord) => number> = {
  name: (a, b) => compareText(a.name, b.name),
  type: (a, b) => compareText(a.type, b.type),
  db: (a, b) => a.db - b.db,
  shard: (a, b) => compareText(a.shard ?? '', b.shard ?? ''),
  // Bytes and element counts are not comparable: sort by unit first, then by size.
  size: (a, b) => compareText(a.unit, b.unit) || a.size - b.size,
  freq: (a, b) => freqOrder(a) - freqOrder(b),
  // Keys without a sample (an LFU result) sort below every measured one.
  rate: (a, b) => (a.sample?.per_second ?? -1) - (b.sample?.per_second ?? -1),
  bytes: (a, b) => (a.sample?.bytes_per_second ?? -1) - (b.sample?.bytes_per_second ?? -1),
};

export function sortKeys(keys: readonly KeyRecord[], column: SortColumn, dir: SortDirection): KeyRecord[] {
  const sign = dir === 'asc' ? 1 : -1;
  // Ties fall back to freq (hottest first) and name, so the order is the same in every browser.
  return [...keys].sort(
    (a, b) =>
      sign * compareBy[column](a, b) || freqOrder(b) - freqOrder(a) || compareText(a.name, b.name) || a.db - b.db,
  );
}
