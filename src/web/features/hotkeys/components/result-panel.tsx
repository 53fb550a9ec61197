import { lazy, Suspense, useMemo } from 'react';
import type { Task } from '../../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { StatePanel } from '../../../components/state-panel';
import { describeFilters } from '../describe-filters';
import { filterKeys, sortKeys } from '../filter-keys';
import { useViewState } from '../view-state';
import { KeyTable } from './key-table';
import { ResultHeader } from './result-header';

const ChartView = lazy(() => import('../charts/chart-view'));

export function ResultPanel({ instance, task }: { instance: InstanceSummary; task: Task }) {
  const [view, setView] = useViewState();
  const keys = useMemo(() => task.keys ?? [], [task.keys]);
  const filtered = useMemo(() => filterKeys(keys, view), [keys, view]);
  const sorted = useMemo(() => sortKeys(filtered, view.sort, view.dir), [filtered, view.sort, view.dir]);

  return (
    <section className="card space-y-4" aria-label="Analysis result">
      <ResultHeader
        instance={instance}
        task={task}
        filtersInWords={describeFilters(view)}
        shown={filtered.length}
        total={keys.length}
      />
      {keys.length === 0 ? (
        <StatePanel tone="neutral" title="No keys found">
          The analysis finished but found no keys: the databases were empty.
        </StatePanel>
      ) : (
        <>
          <Suspense fallback={<StatePanel tone="busy" title="Loading charts…" />}>
            <ChartView keys={filtered} selected={view.key} onSelect={(key) => setView({ key })} />
          </Suspense>
          <KeyTable
            keys={sorted}
            sort={view.sort}
            dir={view.dir}
            onSort={(sort, dir) => setView({ sort, dir })}
            selected={view.key}
            onSelect={(key) => setView({ key })}
            page={view.page}
            onPage={(page) => setView({ page })}
          />
        </>
      )}
    </section>
  );
}
