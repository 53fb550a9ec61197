import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { isTerminal, taskListSchema } from '../../../../contract/hotkey-task';
import { api } from '../../../lib/api-client';
import { tasksPath, tasksQueryKey } from './task-paths';

export interface TaskPage {
  offset: number;
  limit: number;
}

export const getTasks = (instanceId: string, { offset, limit }: TaskPage) =>
  api.get(`${tasksPath(instanceId)}?offset=${offset}&limit=${limit}`, taskListSchema);

export const tasksQueryOptions = (instanceId: string, page: TaskPage) =>
  queryOptions({
    queryKey: [...tasksQueryKey(instanceId), 'list', page],
    queryFn: () => getTasks(instanceId, page),
    placeholderData: keepPreviousData,
    // The list shows statuses too: keep it fresh while any listed analysis is still under way.
    refetchInterval: (query) => (query.state.data?.records.some((record) => !isTerminal(record.status)) ? 2000 : false),
  });

export const useTasks = (instanceId: string, page: TaskPage) => useQuery(tasksQueryOptions(instanceId, page));
