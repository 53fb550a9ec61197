import type { Task } from '../../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { StatePanel } from '../../../components/state-panel';
import { formatUtc, localBesideUtc } from '../../../lib/format';
import { describeEngine, describeSource } from '../../../lib/instance-text';
import { describeCost, describeSampled } from '../analysis-cost';

const SCAN_TYPES: Record<Task['scan_type'], string> = {
  manual: 'manual',
  auto: 'automatic (daily schedule)',
  watch: 'watch (repeated analysis)',
};

/** Everything a screenshot of the panel needs to explain itself without the address bar. */
export function ResultHeader({
  instance,
  task,
  filtersInWords,
  shown,
  total,
}: {
  instance: InstanceSummary;
  task: Task;
  filtersInWords: string;
  shown: number;
  total: number;
}) {
  const scannedAt = task.started_at ?? task.created_at;
  const cost = describeCost(task, instance.source.kind);
  const sampled = describeSampled(task);
  const local = localBesideUtc(scannedAt);
  return (
    <header className="min-w-0">
      <h2 className="text-lg font-semibold break-words">
        Hot keys of {instance.name}{' '}
        <span className="font-normal text-slate-500 dark:text-slate-400">({instance.id})</span>
      </h2>
      <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 text-sm sm:grid-cols-[auto_minmax(0,1fr)_auto_minmax(0,1fr)]">
        <dt className="text-slate-500 dark:text-slate-400">Source</dt>
        <dd>
          {describeSource(instance)} · {instance.mode} · {describeEngine(instance)}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Analysis</dt>
        <dd className="font-mono text-[11px] leading-5 break-all sm:text-xs">{task.id}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Scanned</dt>
        <dd>
          {formatUtc(scannedAt)}
          {local && <span className="text-slate-500 dark:text-slate-400"> ({local})</span>}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Scan type</dt>
        <dd>
          {SCAN_TYPES[task.scan_type]}
          {task.method === 'sample' ? `, sampling, ${task.seconds ?? '?'} s` : task.impact ? `, ${task.impact}` : ''}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Cost</dt>
        <dd className="sm:col-span-3" data-testid="analysis-cost">
          {cost.summary}
          {cost.detail && <span className="text-slate-500 dark:text-slate-400"> ({cost.detail})</span>}
          {sampled && <span className="block text-slate-600 dark:text-slate-400">{sampled}</span>}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Showing</dt>
        <dd className="sm:col-span-3" data-testid="filters-in-words">
          <span className="font-medium" data-testid="key-count">
            {shown} of {total} keys
          </span>
          {' · '}
          {filtersInWords}
        </dd>
      </dl>
      {task.kept_copy && (
        <div className="mt-2" data-testid="kept-copy">
          <StatePanel tone="warning" title="A copy kept by the dashboard">
            DCS no longer has this analysis (it keeps only the latest records), so this is the copy the dashboard saved
            when it finished.
          </StatePanel>
        </div>
      )}
    </header>
  );
}
