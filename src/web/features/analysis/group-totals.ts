import { hasFreq, type KeyRecord } from '../../../contract/hotkey-task';

export interface GroupTotal {
  label: string;
  keys: number;
  /** Summed lower bound of accesses per second, from each key's LFU estimate. */
  perSecond: number;
  /** Summed estimated hits: the measure by which a group stands out. */
  hits: number;
  /** Null when no key of the group has an LFU counter. */
  maxFreq: number | null;
}

/** Totals per shard, database, type or namespace. */
export function groupTotals(keys: readonly KeyRecord[], labelOf: (key: KeyRecord) => string): GroupTotal[] {
  const groups = new Map<string, GroupTotal>();
  for (const key of keys) {
    const label = labelOf(key);
    const group = groups.get(label) ?? { label, keys: 0, perSecond: 0, hits: 0, maxFreq: null };
    group.keys += 1;
    group.perSecond += key.lfu_estimate?.per_second_floor ?? 0;
    group.hits += key.lfu_estimate?.hits ?? 0;
    if (hasFreq(key)) group.maxFreq = Math.max(group.maxFreq ?? 0, key.freq);
    groups.set(label, group);
  }
  return [...groups.values()];
}
