import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatRate, formatUtc } from '../../../lib/format';
import { utcTimeAxis } from '../../../lib/time-axis';
import type { TimelineRow } from '../key-timeline';

export const timelineColors = { freq: '#0284c7', rate: '#ea580c', gap: '#94a3b8' } as const;

const axisTick = { fill: 'currentColor', fontSize: 12 } as const;

/**
 * Freq (left axis, 0-255) and the measured rate (right axis) of one key over time. A gap, an analysis whose top
 * list did not hold the key, breaks the lines and is drawn as a dashed grey line: not a zero, not a reading.
 */
export default function KeyTimelineChart({ rows }: { rows: TimelineRow[] }) {
  const freq = rows
    .filter((row) => row.notInTop !== undefined || row.point?.freq !== undefined)
    .map((row) => ({ t: row.t, freq: row.point?.freq ?? null }));
  const rate = rows
    .filter((row) => row.method === 'sample')
    .map((row) => ({ t: row.t, rate: row.point?.sample_per_second ?? null }));
  const hasFreq = freq.some((row) => row.freq !== null);
  const hasRate = rate.some((row) => row.rate !== null);
  const gaps = rows.filter((row) => row.notInTop !== undefined);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart margin={{ left: 8, right: 8, top: 8, bottom: 8 }}>
        <CartesianGrid stroke={timelineColors.gap} strokeOpacity={0.3} />
        <XAxis {...utcTimeAxis} tick={axisTick} />
        {hasFreq && <YAxis yAxisId="freq" domain={[0, 'auto']} allowDecimals={false} tick={axisTick} width={40} />}
        {hasRate && (
          <YAxis
            yAxisId="rate"
            orientation="right"
            domain={[0, 'auto']}
            tickFormatter={(value: number) => formatRate(value)}
            tick={axisTick}
            width={56}
          />
        )}
        {gaps.map((gap) => (
          <ReferenceLine
            key={gap.task_id}
            x={gap.t}
            yAxisId={hasFreq ? 'freq' : 'rate'}
            stroke={timelineColors.gap}
            strokeDasharray="4 3"
          />
        ))}
        <Tooltip
          labelFormatter={(t) => formatUtc(new Date(Number(t)).toISOString())}
          formatter={(value, name) =>
            value === null || value === undefined
              ? ['not in the top list', name]
              : [name === 'measured rate' ? formatRate(Number(value)) : String(value), name]
          }
          labelClassName="text-slate-900"
        />
        <Legend />
        {hasFreq && (
          <Line
            yAxisId="freq"
            data={freq}
            dataKey="freq"
            name="freq (LFU counter)"
            stroke={timelineColors.freq}
            strokeWidth={2}
            isAnimationActive={false}
          />
        )}
        {hasRate && (
          <Line
            yAxisId="rate"
            data={rate}
            dataKey="rate"
            name="measured rate"
            stroke={timelineColors.rate}
            strokeWidth={2}
            isAnimationActive={false}
          />
        )}
      </LineChart>
    </ResponsiveContainer>
  );
}
