import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Impact, Task } from '../../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { ApiRequestError } from '../../../api/api-client';
import { startTaskMutation } from '../../../api/queries/tasks';
import { StatePanel } from '../../../components/state-panel';
import { useOperatorOnly } from '../../session';

const impacts: { value: Impact; label: string; explanation: string }[] = [
  {
    value: 'gentle',
    label: 'Gentle',
    explanation:
      "Tiny server-side steps, slowed whenever other clients' p99 latency rises past the source's budget (1 ms unless configured): takes longer. Use on a busy production server.",
  },
  {
    value: 'fast',
    label: 'Fast',
    explanation:
      'Steps of 5 ms back to back, at about the server’s own speed: other clients may wait 10-20 ms while it runs. For maintenance windows.',
  },
];

function createErrorText(error: Error): string {
  if (!(error instanceof ApiRequestError)) return error.message;
  if (error.status === 409) return `Another analysis is still under way: ${error.message}`;
  if (error.status === 403) return `You have no permission to start an analysis: ${error.message}`;
  return error.message;
}

export function StartAnalysis({ instance, onStarted }: { instance: InstanceSummary; onStarted: (task: Task) => void }) {
  const [impact, setImpact] = useState<Impact>(instance.default_impact ?? 'gentle');
  const create = useMutation(startTaskMutation(useQueryClient(), instance.id));
  const operate = useOperatorOnly('start analyses');
  const blocked = !instance.eligibility.ok ? instance.eligibility.reason : null;
  return (
    <form
      className="card space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ impact }, { onSuccess: onStarted });
      }}
    >
      <h2 className="text-lg font-semibold">Start analysis</h2>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Impact on the server</legend>
        {impacts.map((option) => (
          <label key={option.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="impact"
              value={option.value}
              checked={impact === option.value}
              onChange={() => setImpact(option.value)}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{option.label}</span> — {option.explanation}
            </span>
          </label>
        ))}
      </fieldset>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        The analysis reads every key on every master (SCAN and OBJECT FREQ) and keeps the hottest ones.
      </p>
      <button
        type="submit"
        className="btn btn-primary"
        disabled={!!blocked || !operate.allowed || create.isPending}
        {...operate.buttonProps}
      >
        {create.isPending ? 'Starting…' : 'Start analysis'}
      </button>
      {blocked && (
        <StatePanel tone="warning" title="This instance cannot be analysed">
          {blocked}
        </StatePanel>
      )}
      {operate.note}
      {create.isError && (
        <StatePanel tone="error" title="Could not start the analysis">
          {createErrorText(create.error)}
        </StatePanel>
      )}
    </form>
  );
}
