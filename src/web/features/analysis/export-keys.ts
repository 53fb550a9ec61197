import type { KeyRecord } from '../../../contract/hotkey-task';

const columns = [
  'name',
  'type',
  'db',
  'shard',
  'size',
  'unit',
  'freq',
  'est_hits',
  'est_per_second_floor',
  'at_ceiling',
];

const row = (key: KeyRecord) => [
  key.name,
  key.type,
  key.db,
  key.shard ?? '',
  key.size,
  key.unit,
  key.freq ?? '',
  key.lfu_estimate ? Math.round(key.lfu_estimate.hits) : '',
  key.lfu_estimate ? Number(key.lfu_estimate.per_second_floor.toFixed(3)) : '',
  key.lfu_estimate ? key.lfu_estimate.at_ceiling : '',
];

function csvField(value: string | number | boolean): string {
  const text = String(value);
  // A key name starting with = + - @ would run as a formula when the file is opened in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function keysToCsv(keys: readonly KeyRecord[]): string {
  return [columns, ...keys.map(row)].map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function keysToJson(keys: readonly KeyRecord[]): string {
  return JSON.stringify(
    keys.map((key) =>
      Object.fromEntries(columns.map((column, i) => [column, row(key)[i] === '' ? null : row(key)[i]])),
    ),
    null,
    2,
  );
}

export function downloadFile(fileName: string, content: Blob | string, type: string) {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
