import { CartesianGrid, Cell, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { KeyWithFreq } from '../../../../contract/hotkey-task';
import { KeyName } from '../../../components/key-name';
import { formatSize } from '../../../lib/format';
import { keyId } from '../key-id';
import { byteLogTicks, formatByteTick, formatCountTick, FREQ_MAX, freqTicks, logTicks, tickSpan } from './axis-ticks';
import { axisTick, chartColors } from './chart-colors';
import { KeyTooltip } from './chart-tooltip';
import { ChartWithTable, highlightRow } from './chart-with-table';
import { TOP_N } from './top-keys-chart';

const MAX_POINTS = 300;

interface Point {
  id: string;
  freq: number;
  size: number;
  key: KeyWithFreq;
}

/** Hot and big at once is the worst case: those keys sit top right. Size is on a log axis, in one unit only. */
export function FreqSizeScatter({
  keys,
  unit,
  selected,
  onSelect,
}: {
  keys: KeyWithFreq[];
  unit: 'byte' | 'count';
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  // A log axis has no place for 0, so empty values are left out and counted in the note.
  const ofUnit = keys.filter((key) => key.unit === unit);
  const drawable = ofUnit.filter((key) => key.size > 0);
  // Thousands of SVG points make every filter change slow; the hottest ones are the ones that matter here.
  const points: Point[] = [...drawable]
    .sort((a, b) => b.freq - a.freq)
    .slice(0, MAX_POINTS)
    .map((key) => ({ id: keyId(key), freq: key.freq, size: key.size, key }));
  const empty = ofUnit.length - drawable.length;
  const sizes = points.map((point) => point.size);
  const ticksFor = unit === 'byte' ? byteLogTicks : logTicks;
  const sizeTicks = sizes.length ? ticksFor(Math.min(...sizes), Math.max(...sizes)) : [1, 10];
  const capped = drawable.length - points.length;
  const worst = [...points]
    .sort((a, b) => b.freq * Math.log(b.size + 1) - a.freq * Math.log(a.size + 1))
    .slice(0, TOP_N);
  return (
    <ChartWithTable
      title={`Freq (LFU counter, linear) against size (${unit === 'byte' ? 'strings, B/KiB/MiB' : 'collections, elements'}, log scale)`}
      note={`${points.length} keys${capped ? ` (the hottest; ${capped} cooler ones not drawn)` : ''}${empty ? `; ${empty} empty ones left out of the log axis` : ''}. Top right: hot and big.`}
      height={380}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, left: 8, right: 24, bottom: 16 }}>
            <CartesianGrid stroke={chartColors.grid} strokeOpacity={0.3} />
            <XAxis
              type="number"
              dataKey="freq"
              name="freq"
              domain={[0, FREQ_MAX]}
              ticks={freqTicks(FREQ_MAX)}
              interval={0}
              tick={axisTick}
              label={{ value: 'freq', position: 'insideBottom', offset: -8, fill: 'currentColor' }}
            />
            <YAxis
              type="number"
              dataKey="size"
              name="size"
              scale="log"
              domain={tickSpan(sizeTicks)}
              ticks={sizeTicks}
              interval={0}
              tick={axisTick}
              width={72}
              tickFormatter={unit === 'byte' ? formatByteTick : formatCountTick}
              label={{
                value: unit === 'byte' ? 'size' : 'elements',
                angle: -90,
                position: 'insideLeft',
                fill: 'currentColor',
              }}
            />
            <Tooltip
              cursor={{ strokeDasharray: '3 3' }}
              content={({ active, payload }) => {
                const point = payload?.[0]?.payload as Point | undefined;
                return active && point ? <KeyTooltip keyRecord={point.key} /> : null;
              }}
            />
            <Scatter
              data={points}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(point) => onSelect((point.payload as Point).id)}
            >
              {points.map((point) => (
                <Cell
                  key={point.id}
                  fill={point.id === selected ? chartColors.selected : chartColors.bar}
                  r={point.id === selected ? 7 : 4}
                />
              ))}
            </Scatter>
          </ScatterChart>
        </ResponsiveContainer>
      }
      table={
        <table className="data-table">
          <caption className="text-left text-xs text-slate-600 dark:text-slate-400">Hottest and biggest first</caption>
          <thead>
            <tr>
              <th>Key</th>
              <th className="text-right">Freq</th>
              <th className="text-right">Size</th>
            </tr>
          </thead>
          <tbody>
            {worst.map((point) => (
              <tr key={point.id} className={highlightRow(point.id === selected)}>
                <td className="text-xs">
                  <button className="text-left break-all hover:underline" onClick={() => onSelect(point.id)}>
                    <KeyName name={point.key.name} binary={point.key.binary} max={60} />
                  </button>
                </td>
                <td className="text-right tabular-nums">{point.freq}</td>
                <td className="text-right tabular-nums whitespace-nowrap">{formatSize(point.size, unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
