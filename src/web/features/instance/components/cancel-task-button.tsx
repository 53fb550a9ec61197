import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cancelTaskMutation } from '../../../api/queries/tasks';
import { useOperatorOnly } from '../../session';

/** Stops an analysis that costs more than expected; the task then ends as failed with the reason. */
export function CancelTaskButton({ instanceId, taskId }: { instanceId: string; taskId: string }) {
  const cancel = useMutation(cancelTaskMutation(useQueryClient(), instanceId));
  const operate = useOperatorOnly('cancel analyses');
  return (
    <span className="flex items-center gap-2">
      <button
        className="btn"
        disabled={!operate.allowed || cancel.isPending}
        onClick={() => cancel.mutate(taskId)}
        {...operate.buttonProps}
      >
        {cancel.isPending ? 'Cancelling…' : 'Cancel analysis'}
      </button>
      {operate.note}
      {cancel.isError && <span className="text-sm text-red-700 dark:text-red-400">{cancel.error.message}</span>}
    </span>
  );
}
