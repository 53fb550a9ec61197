import { formatApprox, formatRate } from '../../../lib/format';
import type { GroupTotal } from '../group-totals';
import { chartColors } from './chart-colors';
import { ChartWithTable, highlightRow } from './chart-with-table';
import { barsHeight, HorizontalBars } from './horizontal-bars';
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
      height={barsHeight(rows.length, 28)}
      chart={
        <HorizontalBars
          rows={rows}
          rowKey={(group) => group.label}
          labelKey="label"
          labelWidth={160}
          valueKey={measure}
          valueName={measureLabel}
          formatValue={format}
          tooltip={(value) => [format(Number(value)), measureLabel]}
          fill={fill}
          onPick={(group) => onPick(group.label)}
        />
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
              <tr key={group.label} className={highlightRow(active.includes(group.label))}>
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
