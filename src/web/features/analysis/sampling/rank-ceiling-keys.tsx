import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { type KeyRecord, SAMPLE_SECONDS } from '../../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { startTaskMutation, taskQuery } from '../../../api/queries/tasks';
import { MutationError } from '../../../components/mutation-error';
import { StatePanel } from '../../../components/state-panel';
import { taskUrl } from '../../../lib/app-urls';
import { MonitorCost, SamplingCountdown, SecondsInput } from '../../instance';
import { useOperatorOnly } from '../../session';
import { atCeiling, rankCeilingKeys } from './ceiling-keys';
import { SampledRatesTable } from './sampled-rates';

function RankingProgress({
  instance,
  taskId,
  ceiling,
}: {
  instance: InstanceSummary;
  taskId: string;
  ceiling: KeyRecord[];
}) {
  const task = useQuery(taskQuery(instance.id, taskId));
  if (!task.data) return <StatePanel tone="busy" title="Starting the sampling…" />;
  const t = task.data;
  if (t.status === 'failed') {
    return (
      <StatePanel tone="error" title="The sampling failed">
        {t.failure_reason ?? 'No reason given.'}
      </StatePanel>
    );
  }
  if (t.status !== 'success') {
    return (
      <StatePanel tone="busy" title="Sampling the keys at 255…">
        <SamplingCountdown task={t} />
      </StatePanel>
    );
  }
  return (
    <div className="space-y-2">
      <p className="text-sm">
        The {ceiling.length} keys at freq 255, ranked by the accesses per second measured over {t.seconds} s (0/s: not
        accessed in the window, or below the sampling’s top keys).{' '}
        <Link className="font-medium text-sky-700 underline dark:text-sky-400" to={taskUrl(instance.id, t.id)}>
          Open the sampling
        </Link>
      </p>
      {t.note && (
        <StatePanel tone="warning" title="The window was cut short">
          {t.note}
        </StatePanel>
      )}
      <SampledRatesTable
        keys={rankCeilingKeys(ceiling, t.keys ?? [])}
        showShard={instance.mode === 'cluster'}
        showFreq={false}
        limit={ceiling.length}
      />
    </div>
  );
}

/** On an LFU result where several keys share the ceiling, offers to order them by a sampling of real traffic. */
export function RankCeilingKeys({ instance, keys }: { instance: InstanceSummary; keys: readonly KeyRecord[] }) {
  const [seconds, setSeconds] = useState<number>(SAMPLE_SECONDS.default);
  const [taskId, setTaskId] = useState<string | null>(null);
  const start = useMutation(startTaskMutation(useQueryClient(), instance.id));
  const operate = useOperatorOnly('start samplings');
  const ceiling = keys.filter((key) => !key.sample && atCeiling(key));
  if (ceiling.length < 2 || !instance.sampling?.ok) return null;
  return (
    <section
      className="space-y-2 rounded border border-amber-300 p-3 dark:border-amber-700"
      aria-label="Rank the keys at 255"
      // An offer to act is no part of a picture of the result; a ranking once made is.
      {...(taskId ? {} : { 'data-not-in-png': '' })}
    >
      <h3 className="font-semibold">Rank the {ceiling.length} keys at 255 by sampling</h3>
      {taskId ? (
        <RankingProgress instance={instance} taskId={taskId} ceiling={ceiling} />
      ) : (
        <>
          <SecondsInput value={seconds} onChange={setSeconds} />
          <MonitorCost seconds={seconds} />
          <button
            className="btn btn-primary"
            disabled={!operate.allowed || start.isPending}
            onClick={() => start.mutate({ method: 'sample', seconds }, { onSuccess: (task) => setTaskId(task.id) })}
            {...operate.buttonProps}
          >
            {start.isPending ? 'Starting…' : `Sample for ${seconds} s and rank them`}
          </button>
          {operate.note}
          <MutationError mutation={start} title="Could not start the sampling" />
        </>
      )}
    </section>
  );
}
