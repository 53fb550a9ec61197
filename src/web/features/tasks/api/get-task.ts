import { queryOptions, useQuery } from '@tanstack/react-query';
import { isTerminal, taskSchema } from '../../../../contract/hotkey-task';
import { api } from '../../../lib/api-client';
import { taskPath, tasksQueryKey } from './task-paths';

export const getTask = (instanceId: string, taskId: string) => api.get(taskPath(instanceId, taskId), taskSchema);

export const taskQueryOptions = (instanceId: string, taskId: string) =>
  queryOptions({
    queryKey: [...tasksQueryKey(instanceId), 'detail', taskId],
    queryFn: () => getTask(instanceId, taskId),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && isTerminal(status) ? false : 1000;
    },
    // A finished task never changes: no need to ask again when the window regains focus.
    staleTime: (query) => (query.state.data && isTerminal(query.state.data.status) ? Infinity : 0),
  });

export const useTask = (instanceId: string, taskId: string) => useQuery(taskQueryOptions(instanceId, taskId));
