import { hasFreq, type KeyRecord } from '../../../contract/hotkey-task';

export interface GroupTotal {
  label: string;
  keys: number;
  /** Summed estimated hits, from each key's LFU estimate. */
  hits: number;
  /** Summed lower bound of accesses per second, from each key's LFU estimate. */
  perSecond: number;
  /** Summed accesses per second a sampling measured; 0 where nothing was sampled. */
  measured: number;
  /** Null when no key of the group has an LFU counter. */
  maxFreq: number | null;
}

/**
 * The one measure every total (by shard, database, type, namespace) is drawn by, so two charts of one result
 * never rank groups by different things: a sampling's measured rates, else the LFU estimate of hits.
 */
export type GroupMeasure = 'measured' | 'hits';
export const groupMeasureOf = (keys: readonly KeyRecord[]): GroupMeasure =>
  keys.some((key) => key.sample) ? 'measured' : 'hits';

/** Totals per shard, database, type or namespace. */
export function groupTotals(keys: readonly KeyRecord[], labelOf: (key: KeyRecord) => string): GroupTotal[] {
  const groups = new Map<string, GroupTotal>();
  for (const key of keys) {
    const label = labelOf(key);
    const group = groups.get(label) ?? { label, keys: 0, hits: 0, perSecond: 0, measured: 0, maxFreq: null };
    group.keys += 1;
    group.hits += key.lfu_estimate?.hits ?? 0;
    group.perSecond += key.lfu_estimate?.per_second_floor ?? 0;
    group.measured += key.sample?.per_second ?? 0;
    if (hasFreq(key)) group.maxFreq = Math.max(group.maxFreq ?? 0, key.freq);
    groups.set(label, group);
  }
  return [...groups.values()];
}
