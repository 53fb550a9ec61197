import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ReferenceLine } from 'recharts';
import type { Task } from '../../../../contract/hotkey-task';
import { describeDecayRule, idleDecaySteps } from '../../../../contract/lfu-decay';
import { taskQuery } from '../../../api/queries/tasks';
import { ErrorState } from '../../../components/error-state';
import { KeyName } from '../../../components/key-name';
import { StatePanel } from '../../../components/state-panel';
import { formatDuration, formatUtc } from '../../../lib/format';
import { becameHot, compareKeys, type Change, type KeyChange } from '../compare-tasks';
import { filterKeys } from '../filter-keys';
import type { KeyFilters } from '../view-state';
import { deltaTicks } from './axis-ticks';
import { chartColors } from './chart-colors';
import { ChartWithTable, highlightRow } from './chart-with-table';
import { barsHeight, HorizontalBars, keyLabels } from './horizontal-bars';
import { TOP_N } from './top-keys-chart';

const changeColor: Record<Change, string> = {
  new: chartColors.added,
  hotter: chartColors.hotter,
  'idle decay': chartColors.decay,
  cooler: chartColors.cooler,
  gone: chartColors.gone,
  same: chartColors.grid,
};

const changeWords: Record<Change, string> = {
  new: 'new in the list',
  hotter: 'hotter',
  'idle decay': 'idle decay (no access needed to explain it)',
  cooler: 'cooler',
  gone: 'gone from the list',
  same: 'unchanged',
};

const scannedAt = (task: Task) => task.started_at ?? task.created_at;

/** Changes that say something happened to a key: drawn in the chart, and first in the table. */
const drawn = (change: KeyChange) => change.change !== 'same' && change.change !== 'idle decay';
const standsOut = (change: Change) => change === 'new' || change === 'hotter';
/** Two analyses of one instance, always read from the earlier to the later one, with the same filters on both. */
export default function CompareView({
  task,
  compareId,
  filters,
  selected,
  onSelect,
}: {
  task: Task;
  compareId: string;
  filters: KeyFilters;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const other = useQuery(taskQuery(task.instance_id, compareId));
  const comparison = useMemo(() => {
    if (!other.data || other.data.status !== 'success') return null;
    const [earlier, later] =
      Date.parse(scannedAt(other.data)) <= Date.parse(scannedAt(task)) ? [other.data, task] : [task, other.data];
    const elapsedMs = Date.parse(scannedAt(later)) - Date.parse(scannedAt(earlier));
    // The counters fall by the older analysis's lfu-decay-time: the meaning its freqs were read with.
    const decayTime = earlier.lfu?.decay_time ?? 0;
    const decaySteps = idleDecaySteps(elapsedMs, decayTime);
    const changes = compareKeys(
      filterKeys(earlier.keys ?? [], filters),
      filterKeys(later.keys ?? [], filters),
      decaySteps,
    );
    return { earlier, later, changes, elapsedMs, decayTime };
  }, [other.data, task, filters]);

  if (other.isPending) return <StatePanel tone="busy" title="Loading the analysis to compare with…" />;
  if (other.isError) return <ErrorState error={other.error} what={`analysis ${compareId}`} />;
  if (!comparison) {
    return (
      <StatePanel tone="warning" title="That analysis has no result to compare with">
        It is {other.data.status}.
      </StatePanel>
    );
  }
  const { earlier, later, changes, elapsedMs, decayTime } = comparison;
  const counts = changes.reduce<Record<Change, number>>(
    (acc, change) => ({ ...acc, [change.change]: acc[change.change] + 1 }),
    { new: 0, hotter: 0, 'idle decay': 0, cooler: 0, gone: 0, same: 0 },
  );
  const moved = changes.filter((change) => change.change !== 'same');
  const rows = moved
    .filter(drawn)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
    .slice(0, TOP_N);
  const deltas = rows.map((row) => row.delta);
  const hot = becameHot(changes);
  const count = (change: Change) => (
    <span className={standsOut(change) && counts[change] > 0 ? 'font-semibold' : undefined}>
      {counts[change] > 0 && (
        <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: changeColor[change] }} />
      )}
      {counts[change]} {change}
    </span>
  );
  return (
    <section aria-label="Comparison" className="space-y-2" data-testid="compare-view">
      <h3 className="text-base font-semibold">
        Compared: {formatUtc(scannedAt(earlier))} → {formatUtc(scannedAt(later))}, {formatDuration(elapsedMs)} apart
      </h3>
      <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="decay-rule">
        {describeDecayRule(elapsedMs, decayTime)}
      </p>
      <p className="text-sm" data-testid="compare-counts">
        {count('new')}, {count('hotter')}, {count('cooler')}, {count('gone')}, {count('idle decay')}, {counts.same}{' '}
        unchanged.
        {hot && (
          <>
            {' '}
            Became hot:{' '}
            <strong data-testid="became-hot">
              <KeyName name={hot.name} binary={hot.binary} max={80} />
            </strong>{' '}
            (freq {hot.after}).
          </>
        )}{' '}
        “New” and “gone” mean the key entered or left the analysed top list.
      </p>
      <ChartWithTable
        title="Freq change per key (largest moves)"
        note={
          counts['idle decay'] > 0
            ? `${counts['idle decay']} keys fell by no more than idle decay explains; they are listed in the table, not drawn.`
            : undefined
        }
        height={barsHeight(rows.length, 24)}
        chart={
          <HorizontalBars
            rows={rows}
            {...keyLabels}
            valueKey="delta"
            valueTicks={deltaTicks(Math.min(0, ...deltas), Math.max(0, ...deltas))}
            marks={<ReferenceLine x={0} stroke={chartColors.grid} />}
            tooltip={(value, _name, item) => [
              `${Number(value) > 0 ? '+' : ''}${value} (${changeWords[(item.payload as KeyChange).change]})`,
              'freq change',
            ]}
            fill={(row) => (row.id === selected ? chartColors.selected : changeColor[row.change])}
            onPick={(row) => onSelect(row.id)}
          />
        }
        table={
          <table className="data-table" aria-label="Changes between the analyses">
            <thead>
              <tr>
                <th>Key</th>
                <th>Change</th>
                <th className="text-right">Before</th>
                <th className="text-right">After</th>
                <th className="text-right">Δ freq</th>
              </tr>
            </thead>
            <tbody>
              {[...moved.filter(drawn), ...moved.filter((change) => !drawn(change))].map((change) => (
                <tr
                  key={change.id}
                  className={
                    highlightRow(change.id === selected) ??
                    (change.change === 'idle decay'
                      ? 'text-slate-500 dark:text-slate-400'
                      : standsOut(change.change)
                        ? 'font-semibold'
                        : undefined)
                  }
                >
                  <td className="text-xs">
                    <button className="text-left break-all hover:underline" onClick={() => onSelect(change.id)}>
                      <KeyName name={change.name} binary={change.binary} max={60} />
                    </button>
                  </td>
                  <td>
                    <span
                      className="inline-block h-2 w-2 rounded-full"
                      style={{ background: changeColor[change.change] }}
                    />{' '}
                    {change.change}
                  </td>
                  <td className="text-right tabular-nums">{change.before ?? '—'}</td>
                  <td className="text-right tabular-nums">{change.after ?? '—'}</td>
                  <td className="text-right tabular-nums">
                    {change.delta > 0 ? '+' : ''}
                    {change.delta}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </section>
  );
}
