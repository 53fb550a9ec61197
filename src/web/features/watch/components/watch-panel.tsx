import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { AnalysisMethod } from '../../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { WATCH_EVERY_SECONDS, WATCH_FOR_SECONDS, WATCH_SAMPLE_SECONDS } from '../../../../contract/watch';
import { startWatchMutation, watchListQuery } from '../../../api/queries/watches';
import { ActionForm } from '../../../components/action-form';
import { ErrorState } from '../../../components/error-state';
import { MutationError } from '../../../components/mutation-error';
import { StatePanel } from '../../../components/state-panel';
import { StatusBadge } from '../../../components/status-badge';
import { watchUrl } from '../../../lib/app-urls';
import { formatTime } from '../../../lib/format';
import { useOperatorOnly } from '../../session';
import { describeWatch } from '../watch-words';

const DURATIONS = [
  { seconds: 5 * 60, label: '5 min' },
  { seconds: WATCH_FOR_SECONDS.default, label: '15 min' },
  { seconds: 3600, label: '1 h' },
  { seconds: WATCH_FOR_SECONDS.max, label: '4 h' },
];

/** Why a watch cannot start here, or null. */
function blockedReason(instance: InstanceSummary, method: AnalysisMethod): string | null {
  if (instance.source.kind !== 'redis') {
    return 'Watches run on self-managed Redis only: DCS runs its analyses in the cloud and keeps 100 records per instance.';
  }
  const verdict = method === 'sample' ? instance.sampling : instance.eligibility;
  return verdict?.ok ? null : (verdict?.reason ?? 'not offered here');
}

/** Starts a watch (an analysis repeated every few seconds) and lists the instance's watches. */
export function WatchPanel({ instance }: { instance: InstanceSummary }) {
  const lfuOk = instance.eligibility.ok;
  const [method, setMethod] = useState<AnalysisMethod>(lfuOk || !instance.sampling?.ok ? 'lfu' : 'sample');
  const [every, setEvery] = useState<number>(WATCH_EVERY_SECONDS.default);
  const [duration, setDuration] = useState<number>(WATCH_FOR_SECONDS.default);
  const navigate = useNavigate();
  const start = useMutation(startWatchMutation(useQueryClient(), instance.id));
  const watches = useQuery(watchListQuery(instance.id));
  const operate = useOperatorOnly('start watches');
  const blocked = blockedReason(instance, method);
  const running = watches.data?.records.find((watch) => watch.status === 'running');
  return (
    <section className="card space-y-3" aria-label="Watch heat over time">
      <h2 className="text-lg font-semibold">Watch heat over time</h2>
      <p className="text-sm">
        Repeats an analysis every few seconds and draws the top keys as lines, naming the key that rose most. One
        analysis runs at a time: an iteration that finds another one running is skipped.
      </p>
      <ActionForm
        className="space-y-2"
        label="Start a watch"
        onSubmit={() =>
          start.mutate(
            { method, every_seconds: every, for_seconds: duration },
            { onSuccess: (watch) => void navigate(watchUrl(instance.id, watch.id)) },
          )
        }
      >
        <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <legend className="sr-only">Method</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="watch-method" checked={method === 'lfu'} onChange={() => setMethod('lfu')} />
            LFU scan (gentle)
          </label>
          {instance.sampling && (
            <label className="flex items-center gap-1">
              <input
                type="radio"
                name="watch-method"
                checked={method === 'sample'}
                onChange={() => setMethod('sample')}
              />
              Sampling, {WATCH_SAMPLE_SECONDS} s window (MONITOR)
            </label>
          )}
        </fieldset>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <label className="flex items-center gap-1">
            Every
            <input
              type="number"
              className="input w-20"
              min={WATCH_EVERY_SECONDS.min}
              max={WATCH_EVERY_SECONDS.max}
              value={every}
              onChange={(event) => {
                const seconds = Math.round(Number(event.target.value)) || WATCH_EVERY_SECONDS.min;
                setEvery(Math.min(WATCH_EVERY_SECONDS.max, Math.max(WATCH_EVERY_SECONDS.min, seconds)));
              }}
            />
            s (at least {WATCH_EVERY_SECONDS.min})
          </label>
          <label className="flex items-center gap-1">
            for
            <select className="input" value={duration} onChange={(event) => setDuration(Number(event.target.value))}>
              {DURATIONS.map((option) => (
                <option key={option.seconds} value={option.seconds}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!!blocked || !!running || !operate.allowed || start.isPending}
          {...operate.buttonProps}
        >
          {start.isPending ? 'Starting…' : 'Start watch'}
        </button>
        {operate.note}
        {blocked && (
          <StatePanel tone="warning" title="A watch cannot run here">
            {blocked}
          </StatePanel>
        )}
        {running && (
          <p className="text-sm">
            A watch is running:{' '}
            <Link
              className="font-medium text-sky-700 underline dark:text-sky-400"
              to={watchUrl(instance.id, running.id)}
            >
              open it
            </Link>{' '}
            or stop it before starting another.
          </p>
        )}
        <MutationError mutation={start} title="Could not start the watch" />
      </ActionForm>
      {watches.isError && !watches.data ? (
        <ErrorState error={watches.error} what="the watches" />
      ) : (
        watches.data &&
        watches.data.records.length > 0 && (
          <table className="data-table" aria-label="Watches">
            <thead>
              <tr>
                <th>Status</th>
                <th>Watch</th>
                <th>Started</th>
                <th className="text-right">Analyses</th>
              </tr>
            </thead>
            <tbody>
              {watches.data.records.slice(0, 5).map((watch) => (
                <tr key={watch.id}>
                  <td>
                    <StatusBadge status={watch.status} />
                  </td>
                  <td>
                    <Link className="text-sky-700 underline dark:text-sky-400" to={watchUrl(instance.id, watch.id)}>
                      {describeWatch(watch)}
                    </Link>
                  </td>
                  <td>{formatTime(watch.started_at)}</td>
                  <td className="text-right tabular-nums">{watch.task_ids.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
    </section>
  );
}
