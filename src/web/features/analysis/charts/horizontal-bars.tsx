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
  type YAxisTickContentProps,
} from 'recharts';
import { visibleName } from '../../../lib/key-name-text';
import { NARROW_SCREEN, useMediaQuery } from '../../../lib/use-media-query';
import { tickSpan } from './axis-ticks';
import { axisTick, chartColors } from './chart-colors';
import { NameTick, type TickLabel } from './name-tick';

/** Room for every bar's label, and enough height that a chart of two or three bars still reads as one. */
export const barsHeight = (bars: number, barHeight: number) => Math.max(160, bars * barHeight + 40);

/** On a phone the label column gives way to the bars; names are cut in the middle to fit. */
const NARROW_LABEL_WIDTH = 112;

/**
 * For bars that stand for keys: one category per key id (the same name can stand in more than one database,
 * and a binary name beside a literal one), labelled with the name as the key-name component shows it.
 */
export const keyLabels = {
  rowKey: (row: { id: string }) => row.id,
  labelKey: 'id',
  labelWidth: 200,
  labelOf: (row: { name: string; binary?: boolean }): TickLabel => ({ name: row.name, binary: row.binary }),
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
  labelOf,
  valueKey,
  valueName,
  formatValue,
  tooltip,
  tooltipContent,
  fill,
  onPick,
  marks,
  valueTicks,
}: {
  rows: Row[];
  rowKey: (row: Row) => string;
  /** The category of each bar: unique per row. */
  labelKey: keyof Row & string;
  labelWidth: number;
  /** What the label shows, when not the category itself. */
  labelOf?: (row: Row) => TickLabel;
  valueKey: keyof Row & string;
  valueName?: string;
  formatValue?: (value: number) => string;
  /** The value line of the default tooltip; `tooltipContent` replaces the whole tooltip instead. */
  tooltip?: TooltipProps['formatter'];
  tooltipContent?: (row: Row) => ReactNode;
  fill: (row: Row) => string;
  onPick: (row: Row) => void;
  /** Drawn over the grid and under the tooltip, e.g. a zero line. */
  marks?: ReactNode;
  /** Round ticks for the value axis, which then runs from the first to the last; by default Recharts picks. */
  valueTicks?: number[];
}) {
  // Recharts checks a data key against the fields of a concrete row type, which a generic Row is not.
  const [labelField, valueField]: string[] = [labelKey, valueKey];
  const narrow = useMediaQuery(NARROW_SCREEN);
  const width = narrow ? Math.min(labelWidth, NARROW_LABEL_WIDTH) : labelWidth;
  const byCategory = new Map(rows.map((row) => [String(row[labelKey]), row]));
  const labelFor = (category: unknown): TickLabel | undefined => {
    const row = byCategory.get(String(category));
    if (!row) return undefined;
    return labelOf ? labelOf(row) : { name: String(row[labelKey]) };
  };
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} layout="vertical" margin={{ left: 8, right: narrow ? 12 : 24 }}>
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
          width={width}
          tick={(props: YAxisTickContentProps) => (
            <NameTick x={Number(props.x)} y={Number(props.y)} width={width} label={labelFor(props.payload.value)} />
          )}
          interval={0}
        />
        {marks}
        {/* Held right of the labels (the margin, the label column and a gap): it follows the bars, never covers a name. */}
        {tooltipContent ? (
          <Tooltip
            position={{ x: width + 24 }}
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as Row | undefined;
              return active && row ? tooltipContent(row) : null;
            }}
          />
        ) : (
          <Tooltip
            position={{ x: width + 24 }}
            formatter={tooltip}
            labelFormatter={(category) => {
              const label = labelFor(category);
              return label ? visibleName(label.name, label.binary) : String(category);
            }}
            labelClassName="text-slate-900"
          />
        )}
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
