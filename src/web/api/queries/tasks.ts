import { keepPreviousData, mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { createTaskRequestSchema, isTerminal, taskListSchema, taskSchema } from '../../../contract/hotkey-task';
import { api } from '../api-client';
import { instanceKey, instancePath } from './instances';

const tasksPath = (instanceId: string) => `${instancePath(instanceId)}/hotkey-tasks`;

const taskPath = (instanceId: string, taskId: string) => `${tasksPath(instanceId)}/${encodeURIComponent(taskId)}`;

/** Every query about one instance's tasks lives under this key, so one invalidation refreshes them all. */
const tasksKey = (instanceId: string) => [...instanceKey(instanceId), 'tasks'] as const;
const taskListKey = (instanceId: string) => [...tasksKey(instanceId), 'list'] as const;
const taskKey = (instanceId: string, taskId: string) => [...tasksKey(instanceId), 'detail', taskId] as const;

export interface TaskPage {
  offset: number;
  limit: number;
}

/**
 * `poll` keeps the list fresh even when every listed analysis has ended: while a watch runs, new analyses appear
 * without anyone starting them here.
 */
export const taskListQuery = (instanceId: string, page: TaskPage, { poll = false }: { poll?: boolean } = {}) =>
  queryOptions({
    queryKey: [...taskListKey(instanceId), page],
    queryFn: () => api.get(`${tasksPath(instanceId)}?offset=${page.offset}&limit=${page.limit}`, taskListSchema),
    placeholderData: keepPreviousData,
    // The list shows statuses too: keep it fresh while any listed analysis is still under way.
    refetchInterval: (query) =>
      poll || query.state.data?.records.some((record) => !isTerminal(record.status)) ? 2000 : false,
  });

export const taskQuery = (instanceId: string, taskId: string) =>
  queryOptions({
    queryKey: taskKey(instanceId, taskId),
    queryFn: () => api.get(taskPath(instanceId, taskId), taskSchema),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && isTerminal(status) ? false : 1000;
    },
    // A finished task never changes: no need to ask again when the window regains focus.
    staleTime: (query) => (query.state.data && isTerminal(query.state.data.status) ? Infinity : 0),
  });

/** Starts an analysis, LFU scan (`{impact}`) or sampling (`{method: 'sample', seconds}`); it becomes the newest. */
export const startTaskMutation = (queryClient: QueryClient, instanceId: string) =>
  mutationOptions({
    mutationFn: (request: z.input<typeof createTaskRequestSchema>) =>
      api.post(tasksPath(instanceId), taskSchema, request),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey(instanceId) }),
  });

export const cancelTaskMutation = (queryClient: QueryClient, instanceId: string) =>
  mutationOptions({
    mutationFn: (taskId: string) => api.post(`${taskPath(instanceId, taskId)}/cancel`, taskSchema, {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey(instanceId) }),
  });

export const deleteTaskMutation = (queryClient: QueryClient, instanceId: string) =>
  mutationOptions({
    mutationFn: (taskId: string) => api.delete(taskPath(instanceId, taskId), taskSchema),
    onSuccess: (deleted) => queryClient.removeQueries({ queryKey: taskKey(instanceId, deleted.id) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskListKey(instanceId) }),
  });
