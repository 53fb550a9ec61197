import { Link, useParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { StatePanel } from '../../components/state-panel';
import { StatusBadge } from '../../components/status-badge';
import { useInstance } from '../instances/api/get-instance';
import { useTask } from '../tasks/api/get-task';
import { TaskRunState } from '../tasks/components/task-run-state';
import { instanceUrl } from '../../lib/app-urls';
import { ResultPanel } from './components/result-panel';
import { StaleDataNotice } from '../../components/stale-data-notice';

export default function TaskPage() {
  const { instanceId = '', taskId = '' } = useParams();
  const instance = useInstance(instanceId);
  const task = useTask(instanceId, taskId);

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="flex items-center gap-1 text-sm">
        <Link className="underline" to="/">
          Instances
        </Link>
        <span>/</span>
        <Link className="underline" to={instanceUrl(instanceId)}>
          {instance.data?.name ?? instanceId}
        </Link>
        <span>/</span>
        <span className="font-mono text-xs">{taskId}</span>
        {task.data && <StatusBadge status={task.data.status} />}
      </nav>
      {task.isError && task.data && <StaleDataNotice error={task.error} />}
      {instance.isError && !instance.data ? (
        <ErrorState error={instance.error} what={`instance ${instanceId}`} />
      ) : task.isError && !task.data ? (
        <ErrorState error={task.error} what={`analysis ${taskId}`} />
      ) : !instance.data || !task.data ? (
        <StatePanel tone="busy" title="Loading the analysis…" />
      ) : task.data.status === 'success' ? (
        <ResultPanel instance={instance.data} task={task.data} />
      ) : (
        <TaskRunState task={task.data} />
      )}
    </div>
  );
}
