import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { scheduleRunsQuery } from '../../../api/queries/automation';
import { ErrorState } from '../../../components/error-state';
import { ShortId } from '../../../components/short-id';
import { Timestamp } from '../../../components/timestamp';
import { taskUrl } from '../../../lib/app-urls';
import { OutcomeBadge } from './outcome-badge';

/** What the dashboard did at each recent due time, skips included. */
export function ScheduleRuns({ instanceId, scheduled }: { instanceId: string; scheduled: boolean }) {
  const runs = useQuery(scheduleRunsQuery(instanceId, scheduled));
  if (runs.isError) return <ErrorState error={runs.error} what="the scheduled runs" />;
  const records = runs.data?.records ?? [];
  return (
    <section className="card" aria-label="Scheduled runs">
      <h2 className="mb-2 text-lg font-semibold">Recent scheduled runs</h2>
      {records.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No due time has passed yet.</p>
      ) : (
        <table className="data-table stack-table">
          <thead>
            <tr>
              <th>Due</th>
              <th>Outcome</th>
              <th>Analysis or reason</th>
            </tr>
          </thead>
          <tbody>
            {records.map((run) => (
              <tr key={run.due_at}>
                <td data-label="Due" className="tabular-nums">
                  <Timestamp iso={run.due_at} />
                </td>
                <td data-label="Outcome">
                  <OutcomeBadge outcome={run.outcome} />
                </td>
                <td data-label="Analysis or reason">
                  {run.task_id ? (
                    <Link
                      className="text-xs text-sky-700 underline dark:text-sky-400"
                      to={taskUrl(instanceId, run.task_id)}
                    >
                      <ShortId id={run.task_id} />
                    </Link>
                  ) : (
                    <span className="text-sm">{run.reason}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
