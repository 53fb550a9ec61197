import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { instanceQuery } from '../../api/queries/instances';
import { taskQuery } from '../../api/queries/tasks';
import { ErrorState } from '../../components/error-state';
import { StaleDataNotice } from '../../components/stale-data-notice';
import { StatePanel } from '../../components/state-panel';
import { StatusBadge } from '../../components/status-badge';
import { instanceUrl } from '../../lib/app-urls';
import { TaskRunState } from '../instance';
import { ResultPanel } from './components/result-panel';

export default function AnalysisPage() {
  const { instanceId = '', taskId = '' } = useParams();
  const instance = useQuery(instanceQuery(instanceId));
  const task = useQuery(taskQuery(instanceId, taskId));

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
