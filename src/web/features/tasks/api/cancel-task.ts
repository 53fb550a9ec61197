import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskSchema } from '../../../../contract/hotkey-task';
import { api } from '../../../lib/api-client';
import { taskPath, tasksQueryKey } from './task-paths';

export const cancelTask = (instanceId: string, taskId: string) =>
  api.post(`${taskPath(instanceId, taskId)}/cancel`, taskSchema, {});

export const useCancelTask = (instanceId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => cancelTask(instanceId, taskId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksQueryKey(instanceId) }),
  });
};
