import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskSchema } from '../../../../contract/hotkey-task';
import { api } from '../../../lib/api-client';
import { tasksPath, tasksQueryKey } from '../../tasks/api/task-paths';

export const startSampling = (instanceId: string, seconds: number) =>
  api.post(tasksPath(instanceId), taskSchema, { method: 'sample', seconds });

export const useStartSampling = (instanceId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (seconds: number) => startSampling(instanceId, seconds),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksQueryKey(instanceId) }),
  });
};
