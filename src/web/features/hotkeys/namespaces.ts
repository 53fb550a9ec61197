import type { KeyRecord } from '../../../contract/hotkey-task';

/** Keys without the delimiter form their own group, shown under this label. */
export const NO_NAMESPACE = '(no prefix)';

/** The first segment of the name: `user:42:cart` -> `user` with delimiter `:`. */
export function namespaceOf(name: string, delimiter: string): string {
  const at = delimiter ? name.indexOf(delimiter) : -1;
  return at > 0 ? name.slice(0, at) : NO_NAMESPACE;
}

export interface NamespaceGroup {
  namespace: string;
  keys: number;
  /** Summed lower bound of accesses per second, from each key's LFU estimate. */
  perSecond: number;
  maxFreq: number;
}

export function groupByNamespace(keys: readonly KeyRecord[], delimiter: string): NamespaceGroup[] {
  const groups = new Map<string, NamespaceGroup>();
  for (const key of keys) {
    const namespace = namespaceOf(key.name, delimiter);
    const group = groups.get(namespace) ?? { namespace, keys: 0, perSecond: 0, maxFreq: 0 };
    group.keys += 1;
    group.perSecond += key.lfu_estimate?.per_second_floor ?? 0;
    group.maxFreq = Math.max(group.maxFreq, key.freq);
    groups.set(namespace, group);
  }
  return [...groups.values()].sort((a, b) => b.perSecond - a.perSecond || b.keys - a.keys);
}
