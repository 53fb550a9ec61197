import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatApprox, formatRate } from '../../../lib/format';
import type { GroupTotal } from '../group-totals';
import { axisTick, chartColors } from './chart-colors';
import { ChartWithTable } from './chart-with-table';
import { compareText } from '../../../lib/compare-text';

const measures = {
  hits: { label: 'estimated hits', format: formatApprox },
  perSecond: { label: 'estimated rate floor', format: formatRate },
} as const;

/**
 * Summed estimates per group. The leading group is drawn in red when it clearly leads (at least twice the
 * next), which is what a hot shard or database looks like.
 */
export function GroupTotalsChart({
  title,
  groupLabel,
  groups: unordered,
  measure,
  active,
  onPick,
}: {
  title: string;
  groupLabel: string;
  groups: GroupTotal[];
  measure: keyof typeof measures;
  active: readonly string[];
  onPick: (label: string) => void;
}) {
  const { label: measureLabel, format } = measures[measure];
  const groups = [...unordered].sort((a, b) => b[measure] - a[measure] || compareText(a.label, b.label));
  const [first, second] = groups;
  const standsOut = first && second && first[measure] >= 2 * second[measure];
  const rows = groups.slice(0, 30);
  const fill = (group: GroupTotal) =>
    active.includes(group.label)
      ? chartColors.selected
      : standsOut && group === first
        ? chartColors.hottest
        : chartColors.bar;
  return (
    <ChartWithTable
      title={title}
      note={
        standsOut && first
          ? `${groupLabel} ${first.label} stands out: ${format(first[measure])} ${measureLabel}, ${(first[measure] / Math.max(second[measure], 1e-9)).toFixed(1)}× the next. Click a bar to filter to it.`
          : `Summed ${measureLabel} of the hot keys in each group. Click a bar to filter to it.`
      }
      height={Math.max(160, rows.length * 28 + 40)}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 24 }}>
            <CartesianGrid horizontal={false} stroke={chartColors.grid} strokeOpacity={0.3} />
            <XAxis type="number" tick={axisTick} tickFormatter={format} />
            <YAxis type="category" dataKey="label" width={160} tick={axisTick} interval={0} />
            <Tooltip formatter={(value) => [format(Number(value)), measureLabel]} labelClassName="text-slate-900" />
            <Bar
              dataKey={measure}
              name={measureLabel}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(entry) => onPick((entry.payload as GroupTotal).label)}
            >
              {rows.map((group) => (
                <Cell key={group.label} fill={fill(group)} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th>{groupLabel}</th>
              <th className="text-right">Keys</th>
              <th className="text-right">Est. hits</th>
              <th className="text-right">Rate floor</th>
              <th className="text-right">Max freq</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr
                key={group.label}
                className={active.includes(group.label) ? 'bg-amber-100 dark:bg-amber-900/60' : undefined}
              >
                <td className="font-mono text-xs">
                  <button
                    className="text-left hover:underline"
                    aria-pressed={active.includes(group.label)}
                    onClick={() => onPick(group.label)}
                  >
                    {group.label}
                  </button>
                </td>
                <td className="text-right tabular-nums">{group.keys}</td>
                <td className="text-right tabular-nums">{formatApprox(group.hits)}</td>
                <td className="text-right tabular-nums">{formatRate(group.perSecond)}</td>
                <td className="text-right tabular-nums">{group.maxFreq ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
