import type { KeyRecord } from '../../../../contract/hotkey-task';
import { keyId } from '../key-id';

/** The same key on the same shard in both analyses: a sampling's keys carry their shard too. */
export const sampledKeyId = (key: KeyRecord): string => `${key.shard ?? ''}\n${keyId(key)}`;

export const atCeiling = (key: KeyRecord): boolean => key.lfu_estimate?.at_ceiling ?? key.freq === 255;

/**
 * The keys an LFU scan left tied at 255, each with the rate a sampling measured for it; a key the sampling
 * did not keep (not accessed in the window, or below its top N) reads 0/s.
 */
export function rankCeilingKeys(
  ceiling: readonly KeyRecord[],
  sampled: readonly KeyRecord[],
): (KeyRecord & { sample: NonNullable<KeyRecord['sample']> })[] {
  const measured = new Map(sampled.map((key) => [sampledKeyId(key), key.sample]));
  return ceiling
    .map((key) => ({ ...key, sample: measured.get(sampledKeyId(key)) ?? { count: 0, per_second: 0, commands: {} } }))
    .sort((a, b) => b.sample.per_second - a.sample.per_second);
}
