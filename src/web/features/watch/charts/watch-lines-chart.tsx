import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WatchSeries } from '../../../../contract/watch';
import { formatUtc } from '../../../lib/format';
import { visibleName } from '../../../lib/key-name-text';
import { utcTimeAxis } from '../../../lib/time-axis';
import { formatMeasure, lineColor, seriesKeyId } from '../watch-words';

const axisTick = { fill: 'currentColor', fontSize: 12 } as const;

/**
 * One line per top key over the watch's iterations, a break where an iteration did not list the key; the key that
 * rose most in the last interval is drawn thicker. The table below is the legend: a legend inside the chart would
 * take the plot's height on a phone.
 */
export default function WatchLinesChart({ series }: { series: WatchSeries }) {
  const roseMost = series.rose_most ? seriesKeyId(series.rose_most) : null;
  const rows = series.iterations.map((iteration, i) => ({
    t: Date.parse(iteration.at),
    ...Object.fromEntries(series.keys.map((key, k) => [`k${k}`, key.values[i] ?? null])),
  }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ left: 8, right: 16, top: 8, bottom: 8 }}>
        <CartesianGrid stroke="#94a3b8" strokeOpacity={0.3} />
        <XAxis {...utcTimeAxis} tick={axisTick} />
        <YAxis
          domain={[0, 'auto']}
          allowDecimals={series.measure !== 'freq'}
          tickFormatter={(value: number) => formatMeasure(series.measure, value)}
          tick={axisTick}
          width={56}
        />
        <Tooltip
          labelFormatter={(t) => formatUtc(new Date(Number(t)).toISOString())}
          formatter={(value, name) => [
            value === null || value === undefined ? 'not listed' : formatMeasure(series.measure, Number(value)),
            name,
          ]}
          labelClassName="text-slate-900"
        />
        {series.keys.map((key, k) => (
          <Line
            key={seriesKeyId(key)}
            dataKey={`k${k}`}
            name={`${visibleName(key.name, key.encoding === 'binary', 32)}${key.db ? ` (db ${key.db})` : ''}`}
            stroke={lineColor(k)}
            strokeWidth={seriesKeyId(key) === roseMost ? 4 : 2}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
