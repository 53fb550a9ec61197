import type { KeyRecord } from '../../../../contract/hotkey-task';

const identity = (key: KeyRecord): string => `${key.shard ?? ''}\n${key.db}\n${key.name}`;

export const atCeiling = (key: KeyRecord): boolean => key.lfu_estimate?.at_ceiling ?? key.freq === 255;

/**
 * The keys an LFU scan left tied at 255, each with the rate a sampling measured for it; a key the sampling
 * did not keep (not accessed in the window, or below its top N) reads 0/s.
 */
export function rankCeilingKeys(
  ceiling: readonly KeyRecord[],
  sampled: readonly KeyRecord[],
): (KeyRecord & { sample: NonNullable<KeyRecord['sample']> })[] {
  const measured = new Map(sampled.map((key) => [identity(key), key.sample]));
  return ceiling
    .map((key) => ({ ...key, sample: measured.get(identity(key)) ?? { count: 0, per_second: 0, commands: {} } }))
    .sort((a, b) => b.sample.per_second - a.sample.per_second);
}
