import type { TaskRecord } from '../../contract/hotkey-task';

/** "LFU, gentle", "sampling, 5 s", or "LFU" where the source does not say how hard it scanned (DCS). */
export function describeMethod(record: Pick<TaskRecord, 'method' | 'impact' | 'seconds'>): string {
  if (record.method === 'sample') return `sampling${record.seconds ? `, ${record.seconds} s` : ''}`;
  return record.impact ? `LFU, ${record.impact}` : 'LFU';
}
