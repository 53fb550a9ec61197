import { useCanOperate } from '../../me/api/get-me';
import { useCancelTask } from '../api/cancel-task';

/** Stops an analysis that costs more than expected; the task then ends as failed with the reason. */
export function CancelTaskButton({ instanceId, taskId }: { instanceId: string; taskId: string }) {
  const cancel = useCancelTask(instanceId);
  if (!useCanOperate()) return null;
  return (
    <span className="flex items-center gap-2">
      <button className="btn" disabled={cancel.isPending} onClick={() => cancel.mutate(taskId)}>
        {cancel.isPending ? 'Cancelling…' : 'Cancel analysis'}
      </button>
      {cancel.isError && <span className="text-sm text-red-700 dark:text-red-400">{cancel.error.message}</span>}
    </span>
  );
}
