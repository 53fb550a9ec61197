import { formatUtcClock } from './format';

/** The x axis of every chart over time: milliseconds since the epoch, ticks in UTC (the caption names the zone). */
export const utcTimeAxis = {
  dataKey: 't',
  type: 'number',
  scale: 'time',
  domain: ['dataMin', 'dataMax'],
  tickFormatter: formatUtcClock,
  minTickGap: 24,
} as const;
