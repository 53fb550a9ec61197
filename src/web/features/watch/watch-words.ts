import type { Watch, WatchSeries } from '../../../contract/watch';
import { WATCH_SAMPLE_SECONDS } from '../../../contract/watch';
import { formatDuration, formatRate } from '../../lib/format';

/** 30 s, 15 min, 4 h: whole minutes and hours without a trailing "0 s". */
const roundSpan = (seconds: number): string =>
  seconds % 3600 === 0
    ? `${seconds / 3600} h`
    : seconds % 60 === 0
      ? `${seconds / 60} min`
      : formatDuration(seconds * 1000);

/** "LFU scan every 30 s for 15 min". */
export const describeWatch = (watch: Pick<Watch, 'method' | 'every_seconds' | 'for_seconds'>): string =>
  `${watch.method === 'sample' ? `${WATCH_SAMPLE_SECONDS} s sampling window` : 'LFU scan (gentle)'} every ` +
  `${roundSpan(watch.every_seconds)} for ${roundSpan(watch.for_seconds)}`;

export const measureName = (measure: WatchSeries['measure']): string =>
  measure === 'freq' ? 'freq (LFU counter)' : 'measured accesses per second';

export const formatMeasure = (measure: WatchSeries['measure'], value: number): string =>
  measure === 'freq' ? String(value) : formatRate(value);

/** Distinct on light and dark backgrounds; chart lines and table rows share them. */
const LINE_COLORS = ['#0284c7', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#475569'];
export const lineColor = (index: number): string => LINE_COLORS[index % LINE_COLORS.length]!;

export const seriesKeyId = (key: { db: number; encoding: string; name: string }): string =>
  `${key.db}/${key.encoding}/${key.name}`;
