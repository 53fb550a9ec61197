import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import { taskQuery } from '../../../api/queries/tasks';
import { ErrorState } from '../../../components/error-state';
import { ShortId } from '../../../components/short-id';
import { StaleDataNotice } from '../../../components/stale-data-notice';
import { StatePanel } from '../../../components/state-panel';
import { StatusBadge } from '../../../components/status-badge';
import { taskUrl } from '../../../lib/app-urls';
import { durationBetween, formatTime } from '../../../lib/format';
import { TaskRunState } from './task-run-state';

/**
 * The newest analysis of the instance, polled until it reaches a terminal status. One the user started here
 * (`opensResult`) opens its result by itself when it succeeds; a failure stays on the page with its reason.
 */
export function CurrentTask({
  instanceId,
  taskId,
  opensResult = false,
}: {
  instanceId: string;
  taskId: string;
  opensResult?: boolean;
}) {
  const task = useQuery(taskQuery(instanceId, taskId));
  const navigate = useNavigate();
  const succeeded = task.data?.status === 'success';
  useEffect(() => {
    if (opensResult && succeeded) void navigate(taskUrl(instanceId, taskId));
  }, [opensResult, succeeded, navigate, instanceId, taskId]);
  if (task.isPending) return <StatePanel tone="busy" title="Loading the latest analysis…" />;
  if (task.isError && !task.data) return <ErrorState error={task.error} what="the latest analysis" />;
  const t = task.data;
  const active = t.status === 'waiting' || t.status === 'running';
  const link = (
    <Link className="font-medium text-sky-700 underline dark:text-sky-400" to={taskUrl(instanceId, t.id)}>
      {t.status === 'success' ? 'View results' : <ShortId id={t.id} />}
    </Link>
  );
  return (
    <section className="card space-y-2" aria-label="Latest analysis">
      <h2 className="flex items-center gap-2 text-lg font-semibold">
        Latest analysis <StatusBadge status={t.status} />
      </h2>
      {task.isError && <StaleDataNotice error={task.error} />}
      {active && (
        <p className="text-sm" data-testid="opens-result">
          {opensResult ? (
            <>When it finishes, its result opens here by itself: analysis {link}.</>
          ) : (
            <>Its result will be at analysis {link}.</>
          )}
        </p>
      )}
      <TaskRunState task={t} />
      {t.status === 'success' && (
        <p className="text-sm">
          Finished {formatTime(t.finished_at)} after {durationBetween(t.started_at, t.finished_at)},{' '}
          {t.num ?? t.keys?.length ?? 0} hot keys. {opensResult && <span role="status">Opening the result… </span>}
          {link}
        </p>
      )}
    </section>
  );
}
