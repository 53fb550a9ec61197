import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { instanceQuery } from '../../api/queries/instances';
import { keyHistoryQuery } from '../../api/queries/key-history';
import { ErrorState } from '../../components/error-state';
import { InstanceBreadcrumb } from '../../components/instance-breadcrumb';
import { KeyName } from '../../components/key-name';
import { StaleDataNotice } from '../../components/stale-data-notice';
import { StatePanel } from '../../components/state-panel';
import { instanceUrl } from '../../lib/app-urls';
import { utcAxisNote } from '../../lib/format';
import { KeySummary } from './components/key-summary';
import { TimelineTable } from './components/timeline-table';
import { readKeyRef } from './key-ref';
import { timelineRows } from './key-timeline';

const KeyTimelineChart = lazy(() => import('./charts/key-timeline-chart'));

const FREQ_NOTE =
  'freq is the LFU counter Redis keeps per key (0-255, logarithmic, one step off per idle lfu-decay-time minutes): ' +
  'not a count. The table reads each one back into hits and the rate it takes to stay that hot.';

/** One key over time: every kept analysis that listed it, and the ones that did not. */
export default function KeyPage() {
  const instanceId = useParams().instanceId ?? '';
  const [params] = useSearchParams();
  const ref = readKeyRef(params);
  const valid = !('problem' in ref);
  const instance = useQuery(instanceQuery(instanceId));
  const history = useQuery({
    ...keyHistoryQuery(instanceId, valid ? ref : { db: 0, key: '' }),
    enabled: valid,
  });
  const rows = useMemo(() => (history.data ? timelineRows(history.data) : []), [history.data]);
  const keyName = valid ? ref.key : '';

  return (
    <div className="space-y-4">
      <InstanceBreadcrumb instanceId={instanceId} instanceName={instance.data?.name}>
        <span>key</span>
      </InstanceBreadcrumb>
      {!valid ? (
        <StatePanel tone="warning" title="Which key?">
          {ref.problem} Open a key from the key table of an analysis.
        </StatePanel>
      ) : history.isPending ? (
        <StatePanel tone="busy" title={`Loading the timeline of ${keyName}…`} />
      ) : history.isError && !history.data ? (
        <ErrorState error={history.error} what={`the timeline of key ${keyName}`} />
      ) : (
        <section className="card space-y-4" aria-label="Key timeline">
          <header>
            <h2 className="text-lg font-semibold">
              Key <KeyName name={history.data.key} binary={history.data.encoding === 'binary'} className="break-all" />
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Database {history.data.db} of {instance.data?.name ?? instanceId}
              {history.data.encoding === 'binary' && ' · a binary name, shown as redis-cli escapes it'} · from the{' '}
              {history.data.analyses_kept} finished analyses the dashboard keeps
              {history.data.active && ' · an analysis is under way: a new point may come'}
            </p>
          </header>
          {history.isError && <StaleDataNotice error={history.error} />}
          {history.data.points.length === 0 ? (
            <StatePanel tone="neutral" title="Not in the top list of any kept analysis">
              None of the {history.data.analyses_kept} finished analyses of this instance listed this key in database{' '}
              {history.data.db}. It may be accessed all the same: an analysis keeps only its top keys. Check the name
              and the database, or start an analysis on the{' '}
              <Link className="underline" to={instanceUrl(instanceId)}>
                instance page
              </Link>
              .
            </StatePanel>
          ) : (
            <>
              <KeySummary history={history.data} rows={rows} />
              <figure>
                <figcaption className="mb-1 text-sm font-semibold">
                  Freq and measured rate of this key over time
                </figcaption>
                <p className="mb-1 text-xs text-slate-600 dark:text-slate-400">
                  {utcAxisNote()} Dashed grey lines: analyses whose top list did not hold the key (not in the top N),
                  where the lines break. {FREQ_NOTE}
                </p>
                <div className="h-72 text-slate-700 dark:text-slate-300" data-testid="chart">
                  <Suspense fallback={<StatePanel tone="busy" title="Loading the chart…" />}>
                    <KeyTimelineChart rows={rows} />
                  </Suspense>
                </div>
              </figure>
              <div className="overflow-x-auto">
                <TimelineTable instanceId={instanceId} rows={rows} />
              </div>
            </>
          )}
        </section>
      )}
    </div>
  );
}
