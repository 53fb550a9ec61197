import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { instanceQuery } from '../../api/queries/instances';
import { taskQuery } from '../../api/queries/tasks';
import { ErrorState } from '../../components/error-state';
import { InstanceBreadcrumb } from '../../components/instance-breadcrumb';
import { ShortId } from '../../components/short-id';
import { StaleDataNotice } from '../../components/stale-data-notice';
import { StatePanel } from '../../components/state-panel';
import { StatusBadge } from '../../components/status-badge';
import { TaskRunState } from '../instance';
import { ResultPanel } from './components/result-panel';

export default function AnalysisPage() {
  const { instanceId = '', taskId = '' } = useParams();
  const instance = useQuery(instanceQuery(instanceId));
  const task = useQuery(taskQuery(instanceId, taskId));

  return (
    <div className="space-y-4">
      <InstanceBreadcrumb instanceId={instanceId} instanceName={instance.data?.name}>
        <ShortId id={taskId} />
        {task.data && <StatusBadge status={task.data.status} />}
      </InstanceBreadcrumb>
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
