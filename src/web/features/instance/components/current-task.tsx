import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { taskQuery } from '../../../api/queries/tasks';
import { ErrorState } from '../../../components/error-state';
import { StaleDataNotice } from '../../../components/stale-data-notice';
import { StatePanel } from '../../../components/state-panel';
import { StatusBadge } from '../../../components/status-badge';
import { taskUrl } from '../../../lib/app-urls';
import { durationBetween, formatTime } from '../../../lib/format';
import { TaskRunState } from './task-run-state';

/** The newest analysis of the instance, polled until it reaches a terminal status. */
export function CurrentTask({ instanceId, taskId }: { instanceId: string; taskId: string }) {
  const task = useQuery(taskQuery(instanceId, taskId));
  if (task.isPending) return <StatePanel tone="busy" title="Loading the latest analysis…" />;
  if (task.isError && !task.data) return <ErrorState error={task.error} what="the latest analysis" />;
  const t = task.data;
  return (
    <section className="card space-y-2" aria-label="Latest analysis">
      <h2 className="flex items-center gap-2 text-lg font-semibold">
        Latest analysis <StatusBadge status={t.status} />
      </h2>
      {task.isError && <StaleDataNotice error={task.error} />}
      <TaskRunState task={t} />
      {t.status === 'success' && (
        <p className="text-sm">
          Finished {formatTime(t.finished_at)} after {durationBetween(t.started_at, t.finished_at)},{' '}
          {t.num ?? t.keys?.length ?? 0} hot keys.{' '}
          <Link className="font-medium text-sky-700 underline dark:text-sky-400" to={taskUrl(instanceId, t.id)}>
            View results
          </Link>
        </p>
      )}
    </section>
  );
}
