import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatApprox, formatRate } from '../../../lib/format';
import type { GroupTotal } from '../group-totals';
import { axisTick, chartColors } from './chart-colors';
import { ChartWithTable } from './chart-with-table';

/**
 * Summed estimated hits per group. The hottest group is drawn in red when it clearly leads (at least twice
 * the next), which is what a hot shard or database looks like.
 */
export function GroupTotalsChart({
  title,
  groupLabel,
  groups,
  active,
  onPick,
}: {
  title: string;
  groupLabel: string;
  groups: GroupTotal[];
  active: readonly string[];
  onPick: (label: string) => void;
}) {
  const [first, second] = groups;
  const standsOut = first && (!second || first.hits >= 2 * second.hits) && groups.length > 1;
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
          ? `${groupLabel} ${first.label} stands out: ${formatApprox(first.hits)} estimated hits, ${Math.round(first.hits / Math.max(1, second?.hits ?? 1))}× the next. Click a bar to filter to it.`
          : 'Summed estimated hits of the hot keys in each group. Click a bar to filter to it.'
      }
      height={Math.max(160, rows.length * 28 + 40)}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 24 }}>
            <CartesianGrid horizontal={false} stroke={chartColors.grid} strokeOpacity={0.3} />
            <XAxis type="number" tick={axisTick} tickFormatter={formatApprox} />
            <YAxis type="category" dataKey="label" width={160} tick={axisTick} interval={0} />
            <Tooltip
              formatter={(value) => [formatApprox(Number(value)), 'estimated hits']}
              labelClassName="text-slate-900"
            />
            <Bar
              dataKey="hits"
              name="estimated hits"
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
                <td className="text-right tabular-nums">{group.maxFreq}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
