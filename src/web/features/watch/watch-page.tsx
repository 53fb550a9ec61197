import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useParams } from 'react-router';
import { instanceKey, instanceQuery } from '../../api/queries/instances';
import { isWatchRunning, watchQuery, watchSeriesQuery } from '../../api/queries/watches';
import { ErrorState } from '../../components/error-state';
import { InstanceBreadcrumb } from '../../components/instance-breadcrumb';
import { ShortId } from '../../components/short-id';
import { StaleDataNotice } from '../../components/stale-data-notice';
import { StatePanel } from '../../components/state-panel';
import { utcAxisNote } from '../../lib/format';
import { RoseMost } from './components/rose-most';
import { SeriesTable } from './components/series-table';
import { StopWatchButton } from './components/stop-watch-button';
import { WatchFacts } from './components/watch-facts';
import { measureName } from './watch-words';

const WatchLinesChart = lazy(() => import('./charts/watch-lines-chart'));

/** A watch: its top keys as lines over time, live while it runs (polling stops when it ends). */
export default function WatchPage() {
  const { instanceId = '', watchId = '' } = useParams();
  const queryClient = useQueryClient();
  const instance = useQuery(instanceQuery(instanceId));
  const watch = useQuery(watchQuery(instanceId, watchId));
  const running = isWatchRunning(watch.data);
  const series = useQuery(watchSeriesQuery(instanceId, watchId, running));

  // The watch's end is seen by its own poll: one more read of everything else of the instance shows its last state.
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) void queryClient.invalidateQueries({ queryKey: instanceKey(instanceId) });
    wasRunning.current = running;
  }, [running, instanceId, queryClient]);

  return (
    <div className="space-y-4">
      <InstanceBreadcrumb instanceId={instanceId} instanceName={instance.data?.name}>
        <span>watch</span>
        <ShortId id={watchId} />
      </InstanceBreadcrumb>
      {watch.isPending ? (
        <StatePanel tone="busy" title="Loading the watch…" />
      ) : watch.isError && !watch.data ? (
        <ErrorState error={watch.error} what={`watch ${watchId}`} />
      ) : (
        <section className="card space-y-4" aria-label="Watch">
          {watch.isError && <StaleDataNotice error={watch.error} />}
          <div className="flex flex-wrap items-start justify-between gap-3">
            <WatchFacts watch={watch.data} />
            {running && <StopWatchButton instanceId={instanceId} watchId={watchId} />}
          </div>
          {series.isPending ? (
            <StatePanel tone="busy" title="Loading the top keys…" />
          ) : series.isError && !series.data ? (
            <ErrorState error={series.error} what="the top keys of this watch" />
          ) : series.data.iterations.length === 0 ? (
            <StatePanel tone={running ? 'busy' : 'neutral'} title="No finished iteration yet">
              {running
                ? 'The first analysis is running; its top keys appear here when it finishes.'
                : 'The watch ended before any of its analyses finished.'}
            </StatePanel>
          ) : (
            <>
              <RoseMost series={series.data} />
              <figure className="space-y-1">
                <figcaption className="text-sm font-semibold">
                  Top keys over time: {measureName(series.data.measure)}, {series.data.iterations.length} iterations
                  {running && ' (live)'}
                </figcaption>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  {utcAxisNote()} The keys hottest in the latest iteration (colours as in the table below), plus the one
                  that rose most, drawn thicker; a line breaks where an iteration did not list its key (not in that top
                  N).
                  {series.data.measure === 'freq' &&
                    ' freq is the logarithmic LFU counter (0-255), not a count: a steady freq can hide a rising rate near the top.'}
                </p>
                <div className="h-80 text-slate-700 dark:text-slate-300" data-testid="chart">
                  <Suspense fallback={<StatePanel tone="busy" title="Loading the chart…" />}>
                    <WatchLinesChart series={series.data} />
                  </Suspense>
                </div>
              </figure>
              <div className="overflow-x-auto">
                <SeriesTable series={series.data} />
              </div>
            </>
          )}
        </section>
      )}
    </div>
  );
}
