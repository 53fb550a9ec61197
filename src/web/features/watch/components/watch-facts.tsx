import type { Watch } from '../../../../contract/watch';
import { StatusBadge } from '../../../components/status-badge';
import { formatDuration, formatUtc, localBesideUtc } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { describeWatch } from '../watch-words';

function Time({ iso }: { iso: string }) {
  const local = localBesideUtc(iso);
  return (
    <>
      {formatUtc(iso)}
      {local && <span className="text-slate-500 dark:text-slate-400"> ({local})</span>}
    </>
  );
}

/** What the watch does, since when, until when, and what it skipped. */
export function WatchFacts({ watch }: { watch: Watch }) {
  const running = watch.status === 'running';
  const now = useNow(running);
  return (
    <div className="space-y-2">
      <h2 className="flex flex-wrap items-center gap-2 text-lg font-semibold">
        Watch: {describeWatch(watch)} <StatusBadge status={watch.status} />
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
        <dt className="text-slate-500 dark:text-slate-400">Started</dt>
        <dd>
          <Time iso={watch.started_at} /> by {watch.started_by}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">{running ? 'Ends' : 'Ended'}</dt>
        <dd>
          <Time iso={running ? watch.ends_at : (watch.ended_at ?? watch.ends_at)} />
          {running && ` (in ${formatDuration(Date.parse(watch.ends_at) - now)})`}
          {!running && watch.end_reason && `: ${watch.end_reason}`}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Analyses</dt>
        <dd>
          {watch.task_ids.length} started
          {watch.skips.length > 0 && `, ${watch.skips.length} iteration${watch.skips.length === 1 ? '' : 's'} skipped`}
        </dd>
      </dl>
      {watch.skips.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer">Skipped iterations (one analysis at a time per instance)</summary>
          <ul className="ml-4 list-disc">
            {watch.skips
              .slice(-5)
              .reverse()
              .map((skip) => (
                <li key={skip.at}>
                  {formatUtc(skip.at)}: {skip.reason}
                </li>
              ))}
          </ul>
        </details>
      )}
    </div>
  );
}
