import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { StatePanel } from '../../components/state-panel';
import { useInstance } from '../instances/api/get-instance';
import { SamplingStarter } from '../sampling/components/sampling-starter';
import { SchedulePanel } from '../schedule/schedule-panel';
import { useTasks } from './api/get-tasks';
import { CurrentTask } from './components/current-task';
import { InstanceFacts } from './components/instance-facts';
import { StartAnalysis } from './components/start-analysis';
import { TaskHistory } from './components/task-history';

export default function InstancePage() {
  const instanceId = useParams().instanceId ?? '';
  const [params, setParams] = useSearchParams();
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const instance = useInstance(instanceId);
  // The newest record is "the current analysis"; its own query does the fast polling.
  const newest = useTasks(instanceId, { offset: 0, limit: 1 });
  const newestId = newest.data?.records[0]?.id;

  if (instance.isPending) return <StatePanel tone="busy" title="Loading the instance…" />;
  if (instance.isError) return <ErrorState error={instance.error} what={`instance ${instanceId}`} />;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link className="underline" to="/">
          Instances
        </Link>{' '}
        / {instance.data.name}
      </nav>
      <InstanceFacts instance={instance.data} />
      <div className="grid gap-4 lg:grid-cols-2">
        <StartAnalysis instance={instance.data} onStarted={() => setParams({}, { replace: true })} />
        <SamplingStarter instance={instance.data} onStarted={() => setParams({}, { replace: true })} />
        {newestId ? (
          <CurrentTask instanceId={instanceId} taskId={newestId} />
        ) : (
          newest.isSuccess && <StatePanel tone="neutral" title="No analysis yet" />
        )}
      </div>
      <TaskHistory
        instanceId={instanceId}
        offset={offset}
        onOffset={(next) => setParams(next ? { offset: String(next) } : {}, { replace: true })}
      />
      <SchedulePanel instance={instance.data} />
    </div>
  );
}
