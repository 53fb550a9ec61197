import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { SAMPLE_SECONDS, type Task } from '../../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { startTaskMutation } from '../../../api/queries/tasks';
import { ActionForm } from '../../../components/action-form';
import { MutationError } from '../../../components/mutation-error';
import { StatePanel } from '../../../components/state-panel';
import { useOperatorOnly } from '../../session';
import { MonitorCost } from './monitor-cost';
import { SecondsInput } from './seconds-input';

/**
 * Starts a sampling analysis: real accesses counted with MONITOR for a window. Offered wherever the BFF says
 * sampling can run; on an instance the LFU scan refuses it is the way to find hot keys, and says why.
 */
export function SamplingStarter({
  instance,
  onStarted,
}: {
  instance: InstanceSummary;
  onStarted: (task: Task) => void;
}) {
  const [seconds, setSeconds] = useState<number>(SAMPLE_SECONDS.default);
  const start = useMutation(startTaskMutation(useQueryClient(), instance.id));
  const operate = useOperatorOnly('start samplings');
  if (!instance.sampling) return null;
  const lfuBlocked = !instance.eligibility.ok;
  return (
    <ActionForm
      className="card space-y-3"
      label="Sample live traffic"
      onSubmit={() => start.mutate({ method: 'sample', seconds }, { onSuccess: onStarted })}
    >
      <h2 className="text-lg font-semibold">Sample live traffic</h2>
      {lfuBlocked && instance.sampling.ok && (
        <StatePanel tone="neutral" title="Sampling works here instead">
          <p>
            The LFU analysis cannot run: <em>{instance.eligibility.reason}</em>.
          </p>
          <p>
            Sampling needs no eviction policy: it counts the commands the server actually receives and ranks keys by
            accesses per second.
          </p>
        </StatePanel>
      )}
      {!lfuBlocked && (
        <p className="text-sm">
          Counts real accesses per key for a short window and ranks keys by accesses per second, reads and writes apart:
          use it when many keys share freq 255, or to see which commands hit a key.
        </p>
      )}
      <SecondsInput value={seconds} onChange={setSeconds} />
      <MonitorCost seconds={seconds} />
      <button
        type="submit"
        className="btn btn-primary"
        disabled={!instance.sampling.ok || !operate.allowed || start.isPending}
        {...operate.buttonProps}
      >
        {start.isPending ? 'Starting…' : `Sample for ${seconds} s`}
      </button>
      {operate.note}
      {!instance.sampling.ok && (
        <StatePanel tone="warning" title="Sampling cannot run">
          {instance.sampling.reason}
        </StatePanel>
      )}
      <MutationError mutation={start} title="Could not start the sampling" />
    </ActionForm>
  );
}
