import { KeyName } from '../../../components/key-name';
import { compareText } from '../../../lib/compare-text';
import { formatApprox, formatRate } from '../../../lib/format';
import type { GroupMeasure, GroupTotal } from '../group-totals';
import { chartColors } from './chart-colors';
import { ChartTooltip } from './chart-tooltip';
import { ChartWithTable, highlightRow } from './chart-with-table';
import { barsHeight, HorizontalBars } from './horizontal-bars';

export const groupMeasures: Record<GroupMeasure, { label: string; explained: string; format: (n: number) => string }> =
  {
    hits: {
      label: 'estimated hits',
      explained: 'the sum of each hot key’s estimated hits (from its freq)',
      format: formatApprox,
    },
    measured: {
      label: 'measured accesses/s',
      explained: 'the sum of each hot key’s accesses per second measured by the sampling',
      format: formatRate,
    },
  };

/**
 * Totals per group, by the measure the whole result uses. The leading group is drawn in red when it clearly
 * leads (at least twice the next), which is what a hot shard or database looks like.
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
  measure: GroupMeasure;
  active: readonly string[];
  onPick: (label: string) => void;
}) {
  const { label: measureLabel, explained, format } = groupMeasures[measure];
  const groups = [...unordered].sort((a, b) => b[measure] - a[measure] || compareText(a.label, b.label));
  const [first, second] = groups;
  const standsOut = first && second && first[measure] >= 2 * second[measure];
  const rows = groups.slice(0, 30);
  const sampled = measure === 'measured';
  const fill = (group: GroupTotal) =>
    active.includes(group.label)
      ? chartColors.selected
      : standsOut && group === first
        ? chartColors.hottest
        : chartColors.bar;
  return (
    <ChartWithTable
      title={`${title}: ${measureLabel}`}
      note={
        <>
          Each bar is {explained}.{' '}
          {standsOut && first
            ? `${groupLabel} ${first.label} stands out: ${format(first[measure])} ${measureLabel}, ${(first[measure] / Math.max(second[measure], 1e-9)).toFixed(1)}× the next. `
            : ''}
          Click a bar to filter to it.
        </>
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
          tooltipContent={(group) => (
            <ChartTooltip
              title={`${groupLabel} ${group.label}`}
              lines={[
                `${format(group[measure])} ${measureLabel} (sum of ${group.keys} hot ${group.keys === 1 ? 'key' : 'keys'})`,
                sampled ? null : `at least ${formatRate(group.perSecond)} if still this hot (summed rate floor)`,
                `max freq ${group.maxFreq ?? '—'}`,
              ]}
            />
          )}
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
              {sampled && <th className="text-right">Measured/s</th>}
              <th className="text-right">Est. hits</th>
              <th className="text-right">Rate floor</th>
              <th className="text-right">Max freq</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.label} className={highlightRow(active.includes(group.label))}>
                <td className="text-xs">
                  <button
                    className="text-left break-all hover:underline"
                    aria-pressed={active.includes(group.label)}
                    onClick={() => onPick(group.label)}
                  >
                    <KeyName name={group.label} />
                  </button>
                </td>
                <td className="text-right tabular-nums">{group.keys}</td>
                {sampled && <td className="text-right tabular-nums">{formatRate(group.measured)}</td>}
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
