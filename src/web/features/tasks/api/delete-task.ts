import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskSchema } from '../../../../contract/hotkey-task';
import { api } from '../../../lib/api-client';
import { taskPath, tasksQueryKey } from './task-paths';

export const deleteTask = (instanceId: string, taskId: string) => api.delete(taskPath(instanceId, taskId), taskSchema);

export const useDeleteTask = (instanceId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => deleteTask(instanceId, taskId),
    onSuccess: (deleted) =>
      queryClient.removeQueries({ queryKey: [...tasksQueryKey(instanceId), 'detail', deleted.id] }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...tasksQueryKey(instanceId), 'list'] }),
  });
};
