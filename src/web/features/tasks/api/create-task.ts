import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskSchema, type Impact } from '../../../../contract/hotkey-task';
import { api } from '../../../lib/api-client';
import { tasksPath, tasksQueryKey } from './task-paths';

export const createTask = (instanceId: string, impact: Impact) =>
  api.post(tasksPath(instanceId), taskSchema, { impact });

export const useCreateTask = (instanceId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (impact: Impact) => createTask(instanceId, impact),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksQueryKey(instanceId) }),
  });
};
