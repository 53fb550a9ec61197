import type { KeyRecord, Task } from '../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../contract/instance-summary';
import { shortId } from '../../lib/format';
import { describeFilters } from './describe-filters';
import type { KeyFilters } from './view-state';

/** What an export holds besides its keys: enough to say, away from the dashboard, what it is a copy of. */
export interface ExportContext {
  instance: InstanceSummary;
  task: Task;
  filters: KeyFilters;
  /** The address that reopens the exported view. */
  link: string;
  exportedAt: Date;
}

type Cell = string | number | boolean | null;

interface Column {
  name: string;
  value: (key: KeyRecord) => Cell;
}

const estimate = (key: KeyRecord) => key.lfu_estimate;

const COLUMNS: Column[] = [
  { name: 'name', value: (key) => key.name },
  { name: 'type', value: (key) => key.type },
  { name: 'db', value: (key) => key.db },
  { name: 'shard', value: (key) => key.shard ?? null },
  { name: 'size', value: (key) => key.size },
  { name: 'unit', value: (key) => key.unit },
  { name: 'freq', value: (key) => key.freq ?? null },
  { name: 'est_hits', value: (key) => (estimate(key) ? Math.round(estimate(key)!.hits) : null) },
  {
    name: 'est_per_second_floor',
    value: (key) => (estimate(key) ? Number(estimate(key)!.per_second_floor.toFixed(3)) : null),
  },
  { name: 'at_ceiling', value: (key) => estimate(key)?.at_ceiling ?? null },
];

/** Only where some name is binary: true marks a name that holds redis-cli escapes of non-UTF-8 bytes. */
const BINARY: Column = { name: 'binary', value: (key) => key.binary ?? false };

/** Only for a sampling: what it measured. */
const SAMPLED: Column[] = [
  { name: 'measured_per_second', value: (key) => (key.sample ? Number(key.sample.per_second.toFixed(3)) : null) },
  { name: 'seen', value: (key) => key.sample?.count ?? null },
  { name: 'writes', value: (key) => key.sample?.writes ?? null },
  { name: 'est_bytes_per_second', value: (key) => key.sample?.bytes_per_second ?? null },
  {
    name: 'top_client',
    value: (key) => {
      const top = key.sample?.clients?.[0];
      return top ? `${top.name ?? top.addr} ${Math.round(top.share * 100)}%` : null;
    },
  },
];

const columnsFor = (keys: readonly KeyRecord[]): Column[] => [
  ...COLUMNS,
  ...(keys.some((key) => key.binary) ? [BINARY] : []),
  ...(keys.some((key) => key.sample) ? SAMPLED : []),
];

/** Characters a spreadsheet skips before deciding whether a cell is a formula. */
const LEADING_BLANKS = /^[\s\p{Cc}\p{Cf}]+/u;
/** What makes a spreadsheet evaluate a cell: a formula sign, in ASCII or full width, after any blanks. */
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One CSV field, neutralised for spreadsheets: a text that starts (after blanks and control characters) with
 * `= + - @` or their full-width forms, or that starts with a tab, CR or LF, gets a leading `'` so it stays
 * text; NUL bytes, which cut a cell short in some readers, are dropped.
 */
export function csvField(value: Cell): string {
  const text = value === null ? '' : String(value).replace(/\0/g, '');
  const trimmed = text.replace(LEADING_BLANKS, '');
  const risky = typeof value === 'string' && (FORMULA_START.test(trimmed) || /^[\t\r\n]/.test(text));
  const safe = risky ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One header row of column names, then one row per key, the names as the server sent them. */
export function keysToCsv(keys: readonly KeyRecord[]): string {
  const columns = columnsFor(keys);
  const rows = [columns.map((c) => c.name), ...keys.map((key) => columns.map((column) => column.value(key)))];
  return rows.map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const scannedAt = (task: Task) => task.started_at ?? task.created_at;

/** The keys with what they are: the instance, the analysis, the filters, the link to the view and when. */
export function keysToJson(keys: readonly KeyRecord[], context: ExportContext): string {
  const { instance, task, filters } = context;
  const columns = [...COLUMNS, BINARY, ...SAMPLED];
  return JSON.stringify(
    {
      instance: { id: instance.id, name: instance.name, mode: instance.mode },
      source: instance.source,
      analysis: {
        id: task.id,
        method: task.method ?? 'lfu',
        scan_type: task.scan_type,
        impact: task.impact ?? null,
        scanned_at: scannedAt(task),
      },
      filters: {
        shards: filters.shards,
        dbs: filters.dbs,
        types: filters.types,
        name: filters.name || null,
        min_freq: filters.minFreq,
        namespace: filters.namespace,
        delimiter: filters.delimiter,
        in_words: describeFilters(filters),
      },
      link: context.link,
      exported_at: context.exportedAt.toISOString(),
      keys: keys.map((key) => Object.fromEntries(columns.map((column) => [column.name, column.value(key)]))),
    },
    null,
    2,
  );
}

/** FNV-1a: a short fingerprint of the filters, so that two views never share a file name. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0').slice(0, 6);
}

const fileSafe = (text: string, max = 16) =>
  text
    .replace(/[^A-Za-z0-9.]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, max);

/**
 * A short tag of the filters for file names: `all`, or what they pick in a few readable characters (`db1`,
 * `type-hash+list`, `q-user`, `min-6`) followed by a fingerprint of all of them, since the readable part alone
 * could be the same for two filters (`user:*` and `user_*`).
 */
export function filterTag(filters: KeyFilters): string {
  const shards = [...filters.shards].sort();
  const dbs = [...filters.dbs].sort((a, b) => a - b);
  const types = [...filters.types].sort();
  const parts = [
    shards.length ? `shard-${shards.map((shard) => fileSafe(shard.split(':').pop() ?? '')).join('+')}` : '',
    dbs.length ? `db${dbs.join('+')}` : '',
    types.length ? `type-${types.map((type) => fileSafe(type)).join('+')}` : '',
    filters.namespace !== null ? `ns-${fileSafe(filters.namespace)}` : '',
    filters.name ? `q-${fileSafe(filters.name)}` : '',
    filters.minFreq > 0 ? `min-${filters.minFreq}` : '',
  ].filter(Boolean);
  if (parts.length === 0) return 'all';
  const canonical = JSON.stringify([
    shards,
    dbs,
    types,
    filters.namespace,
    filters.namespace === null ? null : filters.delimiter,
    filters.name,
    filters.minFreq,
  ]);
  return `${parts.join('_').slice(0, 40)}-${fingerprint(canonical)}`;
}

/** `hotkeys-<instance>-<first 8 of the analysis id>-<filter tag>.<ext>`. */
export const exportFileName = (context: Pick<ExportContext, 'instance' | 'task' | 'filters'>, ext: string) =>
  `hotkeys-${context.instance.id}-${fileSafe(shortId(context.task.id))}-${filterTag(context.filters)}.${ext}`;

export function downloadFile(fileName: string, content: Blob | string, type: string) {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
