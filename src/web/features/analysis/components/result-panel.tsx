import { type ComponentType, lazy, Suspense, useMemo, useRef, useState } from 'react';
import type { Task } from '../../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { StatePanel } from '../../../components/state-panel';
import { formatUtc, localBesideUtc } from '../../../lib/format';
import type { ChartViewProps } from '../charts/chart-view';
import { describeFilters } from '../describe-filters';
import { filterKeys, sortKeys } from '../filter-keys';
import { keyId } from '../key-id';
import { RankCeilingKeys } from '../sampling/rank-ceiling-keys';
import { SampledRates } from '../sampling/sampled-rates';
import { chartKinds, useViewState, viewDefaultsFor } from '../view-state';
import { ChartTabs } from './chart-tabs';
import { ComparePicker } from './compare-picker';
import { FilterBar } from './filter-bar';
import { FreqNotices } from './freq-notices';
import { KEY_PAGE_SIZE, KeyTable } from './key-table';
import { ResultHeader } from './result-header';
import { type CaptureStamp, ResultToolbar } from './result-toolbar';
import { SelectedKey } from './selected-key';

// recharts is most of the weight of this screen: it stays out of the first screen's bundle and starts loading
// with the task view, before the task's data. Once loaded it renders without Suspense, because React holds a
// boundary's content back for about 300 ms after showing its fallback, even when the chunk is already there.
let loadedChartView: ComponentType<ChartViewProps> | undefined;
const chartView = import('../charts/chart-view').then((module) => {
  loadedChartView = module.default;
  return module;
});
const LazyChartView = lazy(() => chartView);
const CompareView = lazy(() => import('../charts/compare-view'));

const chartFallback = <StatePanel tone="busy" title="Loading charts…" />;

function ChartView(props: ChartViewProps) {
  const Loaded = loadedChartView;
  if (Loaded) return <Loaded {...props} />;
  return (
    <Suspense fallback={chartFallback}>
      <LazyChartView {...props} />
    </Suspense>
  );
}

/** The foot of a PNG: when it was taken and the link that reopens the view (hidden on screen). */
function CaptureFooter({ stamp }: { stamp: CaptureStamp | null }) {
  if (!stamp) return null;
  const at = stamp.at.toISOString();
  const local = localBesideUtc(at);
  return (
    <footer
      data-only-in-png=""
      data-testid="capture-footer"
      className="border-t border-slate-200 pt-2 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-400"
    >
      Captured {formatUtc(at)}
      {local && ` (${local})`} · <span className="break-all">{stamp.link}</span>
    </footer>
  );
}

export function ResultPanel({ instance, task }: { instance: InstanceSummary; task: Task }) {
  const isSample = task.method === 'sample';
  const [view, setView] = useViewState(viewDefaultsFor(task.method));
  const panelRef = useRef<HTMLElement>(null);
  const [stamp, setStamp] = useState<CaptureStamp | null>(null);
  const keys = useMemo(() => task.keys ?? [], [task.keys]);
  const filters = useMemo(
    () => ({
      shards: view.shards,
      dbs: view.dbs,
      types: view.types,
      name: view.name,
      minFreq: view.minFreq,
      namespace: view.namespace,
      delimiter: view.delimiter,
    }),
    [view.shards, view.dbs, view.types, view.name, view.minFreq, view.namespace, view.delimiter],
  );
  const filtered = useMemo(() => filterKeys(keys, filters), [keys, filters]);
  const sorted = useMemo(() => sortKeys(filtered, view.sort, view.dir), [filtered, view.sort, view.dir]);
  const selectedKey = view.key === null ? undefined : sorted.find((key) => keyId(key) === view.key);
  // A sampling is charted by what it measured; freq charts stay with the LFU results they describe.
  const kinds = chartKinds.filter(
    (kind) =>
      (kind !== 'shard' || instance.mode === 'cluster') &&
      (isSample ? kind !== 'freq' && kind !== 'scatter' : kind !== 'rate' && kind !== 'bytes'),
  );
  // A link naming a chart this result does not draw opens its default one.
  const chart = kinds.includes(view.chart) ? view.chart : viewDefaultsFor(task.method).chart;

  // Selecting from a chart turns the table to the page that holds the key, so the row is in view.
  const select = (id: string | null) => {
    const index = id === null ? -1 : sorted.findIndex((key) => keyId(key) === id);
    setView(index < 0 ? { key: id } : { key: id, page: Math.floor(index / KEY_PAGE_SIZE) });
  };

  return (
    <section ref={panelRef} className="card space-y-4" aria-label="Analysis result">
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 pb-3 dark:border-slate-700">
        <ResultHeader
          instance={instance}
          task={task}
          filtersInWords={describeFilters(filters)}
          shown={filtered.length}
          total={keys.length}
        />
        <ResultToolbar panelRef={panelRef} keys={sorted} context={{ instance, task, filters }} onCapture={setStamp} />
      </div>
      <SampledRates instance={instance} task={task} />
      {keys.length === 0 ? (
        // An empty sampling window is explained by the sampled rates section above: nothing was accessed.
        task.method !== 'sample' && (
          <StatePanel tone="neutral" title="No keys found">
            The analysis finished but found no keys: the databases were empty.
          </StatePanel>
        )
      ) : (
        <>
          <div data-not-in-png="">
            <FilterBar keys={keys} filters={filters} onChange={setView} />
          </div>
          <div className="space-y-2">
            <div data-not-in-png="">
              <ComparePicker
                instanceId={instance.id}
                taskId={task.id}
                value={view.compare}
                onChange={(compare) => setView({ compare })}
              />
            </div>
            {view.compare && (
              <Suspense fallback={chartFallback}>
                <CompareView
                  task={task}
                  compareId={view.compare}
                  filters={filters}
                  selected={view.key}
                  onSelect={select}
                />
              </Suspense>
            )}
          </div>
          {filtered.length === 0 ? (
            <StatePanel tone="neutral" title={`None of the ${keys.length} keys match the filters`}>
              Loosen or clear the filters above.
            </StatePanel>
          ) : (
            <>
              <div data-not-in-png="">
                <ChartTabs kinds={kinds} value={chart} onChange={(chart) => setView({ chart })} />
              </div>
              <div id="chart-panel" role="tabpanel">
                <ChartView kind={chart} keys={filtered} view={view} onSelect={select} onChange={setView} />
              </div>
              <FreqNotices instance={instance} keys={filtered} />
              <RankCeilingKeys instance={instance} keys={filtered} />
              {selectedKey && (
                <SelectedKey
                  instanceId={instance.id}
                  keyRecord={selectedKey}
                  keys={keys}
                  onClear={() => select(null)}
                />
              )}
              <KeyTable
                keys={sorted}
                sampled={isSample}
                sort={view.sort}
                dir={view.dir}
                onSort={(sort, dir) => setView({ sort, dir })}
                selected={view.key}
                onSelect={select}
                page={view.page}
                onPage={(page) => setView({ page })}
              />
            </>
          )}
        </>
      )}
      <CaptureFooter stamp={stamp} />
    </section>
  );
}
