import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  type TooltipProps,
  XAxis,
  YAxis,
} from 'recharts';
import { tickSpan } from './axis-ticks';
import { axisTick, chartColors } from './chart-colors';

/** Room for every bar's label, and enough height that a chart of two or three bars still reads as one. */
export const barsHeight = (bars: number, barHeight: number) => Math.max(160, bars * barHeight + 40);

/** Long key names would squeeze the bars; the table beside the chart shows them whole. */
const shortenLabel = (name: string) => (name.length > 28 ? `${name.slice(0, 27)}…` : name);

/**
 * For bars that stand for keys: labelled by the key's name, told apart by its id, since the same name can stand in
 * more than one database.
 */
export const keyLabels = {
  rowKey: (row: { id: string }) => row.id,
  labelKey: 'name',
  labelWidth: 200,
  formatLabel: shortenLabel,
} as const;

/**
 * One horizontal bar per row, labelled on the left, that picks its row when clicked: the layout every ranking
 * chart on the task page uses, so they read alike.
 */
export function HorizontalBars<Row extends object>({
  rows,
  rowKey,
  labelKey,
  labelWidth,
  formatLabel,
  valueKey,
  valueName,
  formatValue,
  tooltip,
  fill,
  onPick,
  marks,
  valueTicks,
}: {
  rows: Row[];
  rowKey: (row: Row) => string;
  labelKey: keyof Row & string;
  labelWidth: number;
  formatLabel?: (label: string) => string;
  valueKey: keyof Row & string;
  valueName?: string;
  formatValue?: (value: number) => string;
  tooltip: TooltipProps['formatter'];
  fill: (row: Row) => string;
  onPick: (row: Row) => void;
  /** Drawn over the grid and under the tooltip, e.g. a zero line. */
  marks?: ReactNode;
  /** Round ticks for the value axis, which then runs from the first to the last; by default Recharts picks. */
  valueTicks?: number[];
}) {
  // Recharts checks a data key against the fields of a concrete row type, which a generic Row is not.
  const [labelField, valueField]: string[] = [labelKey, valueKey];
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 24 }}>
        <CartesianGrid horizontal={false} stroke={chartColors.grid} strokeOpacity={0.3} />
        <XAxis
          type="number"
          tick={axisTick}
          tickFormatter={formatValue}
          ticks={valueTicks}
          domain={valueTicks ? tickSpan(valueTicks) : undefined}
          interval={valueTicks ? 0 : undefined}
        />
        <YAxis
          type="category"
          dataKey={labelField}
          width={labelWidth}
          tick={axisTick}
          tickFormatter={formatLabel}
          interval={0}
        />
        {marks}
        {/* Held right of the labels (the margin, the label column and a gap): it follows the bars, never covers a name. */}
        <Tooltip formatter={tooltip} labelClassName="text-slate-900" position={{ x: labelWidth + 24 }} />
        <Bar
          dataKey={valueField}
          name={valueName}
          isAnimationActive={false}
          cursor="pointer"
          onClick={(entry) => onPick(entry.payload as Row)}
        >
          {rows.map((row) => (
            <Cell key={rowKey(row)} fill={fill(row)} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
