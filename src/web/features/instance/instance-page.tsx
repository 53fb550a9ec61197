import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Task } from '../../../contract/hotkey-task';
import { instanceQuery } from '../../api/queries/instances';
import { ErrorState } from '../../components/error-state';
import { StatePanel } from '../../components/state-panel';
import { AutomationPanel } from '../automation';
import { WatchPanel } from '../watch';
import { CurrentTask } from './components/current-task';
import { InstanceFacts } from './components/instance-facts';
import { SamplingStarter } from './components/sampling-starter';
import { StartAnalysis } from './components/start-analysis';
import { TaskHistory } from './components/task-history';
import { useLiveInstance } from './use-live-instance';

export default function InstancePage() {
  const instanceId = useParams().instanceId ?? '';
  const [params, setParams] = useSearchParams();
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const instance = useQuery(instanceQuery(instanceId));
  // The newest record is "the current analysis"; its own query does the fast polling.
  const { newest, newestId } = useLiveInstance(instanceId);
  // The analysis this user started from this page: its result opens by itself when it succeeds.
  const [startedId, setStartedId] = useState<string | null>(null);
  const onStarted = (task: Task) => {
    setStartedId(task.id);
    setParams({}, { replace: true });
  };

  if (instance.isPending) return <StatePanel tone="busy" title="Loading the instance…" />;
  if (instance.isError) return <ErrorState error={instance.error} what={`instance ${instanceId}`} />;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1 text-sm">
        <Link className="shrink-0 underline" to="/">
          Instances
        </Link>
        <span>/</span>
        <span className="truncate">{instance.data.name}</span>
      </nav>
      <InstanceFacts instance={instance.data} />
      <div className="grid gap-4 lg:grid-cols-2">
        <StartAnalysis instance={instance.data} onStarted={onStarted} />
        <SamplingStarter instance={instance.data} onStarted={onStarted} />
        {newestId ? (
          <CurrentTask instanceId={instanceId} taskId={newestId} opensResult={newestId === startedId} />
        ) : (
          newest.isSuccess && <StatePanel tone="neutral" title="No analysis yet" />
        )}
        <WatchPanel instance={instance.data} />
      </div>
      <TaskHistory
        instanceId={instanceId}
        offset={offset}
        onOffset={(next) => setParams(next ? { offset: String(next) } : {}, { replace: true })}
      />
      <AutomationPanel instance={instance.data} />
    </div>
  );
}
