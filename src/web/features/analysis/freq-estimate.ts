import type { KeyRecord, LfuEstimate } from '../../../contract/hotkey-task';
import { formatApprox, formatRate, formatRough } from '../../lib/format';

/** Below this many hits the counter's random steps dominate: 100 hits can read anywhere from about 7 to 10. */
export const ROUGH_BELOW_HITS = 3000;

const isRough = (estimate: LfuEstimate): boolean => estimate.hits < ROUGH_BELOW_HITS;

/**
 * "about 88k hits; at least 1.2/s if still this hot", with the rough and ceiling readings spelled out. A key
 * sampled on a server without an LFU policy has no counter to read.
 */
export function describeEstimate(key: Pick<KeyRecord, 'freq' | 'lfu_estimate'>): string {
  if (key.freq === null || key.freq === undefined) return 'no LFU policy';
  const estimate = key.lfu_estimate;
  if (!estimate) return 'no estimate from the server';
  const rate = `at least ${formatRate(estimate.per_second_floor)} if still this hot`;
  if (estimate.at_ceiling) return `at the ceiling: ${formatApprox(estimate.hits)}+ hits; ${rate}`;
  if (isRough(estimate)) return `rough: ~${formatRough(estimate.hits)} hits; ${rate}`;
  return `about ${formatApprox(estimate.hits)} hits; ${rate}`;
}
