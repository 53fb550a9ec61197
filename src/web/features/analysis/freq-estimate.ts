import type { KeyRecord, LfuEstimate } from '../../../contract/hotkey-task';
import { formatApprox, formatRate } from '../../lib/format';

/** Below this many hits the counter's random steps dominate: 100 hits can read anywhere from about 7 to 10. */
export const ROUGH_BELOW_HITS = 3000;

const isRough = (estimate: LfuEstimate): boolean => estimate.hits < ROUGH_BELOW_HITS;

/**
 * What a freq means, in the one wording every table, tooltip and notice uses: "about 88k hits; at least 1.2/s
 * if still this hot", marked "(rough)" below ROUGH_BELOW_HITS and "+ (at the ceiling)" at 255, whose hits are a
 * lower bound. A key sampled on a server without an LFU policy has no counter to read.
 */
export function describeEstimate(key: Pick<KeyRecord, 'freq' | 'lfu_estimate'>): string {
  if (key.freq === null || key.freq === undefined) return 'no LFU policy';
  const estimate = key.lfu_estimate;
  if (!estimate) return 'no estimate from the server';
  const rate = `at least ${formatRate(estimate.per_second_floor)} if still this hot`;
  if (estimate.at_ceiling) return `${formatApprox(estimate.hits)}+ hits (at the ceiling); ${rate}`;
  return `about ${formatApprox(estimate.hits)} hits${isRough(estimate) ? ' (rough)' : ''}; ${rate}`;
}

/** The rate a sampling measured for the key, where it was sampled. */
export const describeMeasured = (key: KeyRecord): string | null =>
  key.sample
    ? `measured ${formatRate(key.sample.per_second)} (${key.sample.count.toLocaleString('en-US')} seen)`
    : null;
