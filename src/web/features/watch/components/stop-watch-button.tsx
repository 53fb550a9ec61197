import { useMutation, useQueryClient } from '@tanstack/react-query';
import { stopWatchMutation } from '../../../api/queries/watches';
import { MutationError } from '../../../components/mutation-error';
import { useOperatorOnly } from '../../session';

/** Stops a running watch: no new iteration starts; one under way finishes and keeps its result. */
export function StopWatchButton({ instanceId, watchId }: { instanceId: string; watchId: string }) {
  const stop = useMutation(stopWatchMutation(useQueryClient(), instanceId));
  const operate = useOperatorOnly('stop watches');
  return (
    <div className="space-y-1">
      <button
        className="btn border-red-600 text-red-700 dark:text-red-300"
        disabled={!operate.allowed || stop.isPending}
        onClick={() => stop.mutate(watchId)}
        {...operate.buttonProps}
      >
        {stop.isPending ? 'Stopping…' : 'Stop watch'}
      </button>
      {operate.note}
      <MutationError mutation={stop} title="Could not stop the watch" />
    </div>
  );
}
