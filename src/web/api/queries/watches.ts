import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  createWatchRequestSchema,
  type Watch,
  watchListSchema,
  watchSchema,
  watchSeriesSchema,
} from '../../../contract/watch';
import { api } from '../api-client';
import { instanceKey, instancePath } from './instances';

const watchesPath = (instanceId: string) => `${instancePath(instanceId)}/watches`;
const watchPath = (instanceId: string, watchId: string) => `${watchesPath(instanceId)}/${encodeURIComponent(watchId)}`;

const watchesKey = (instanceId: string) => [...instanceKey(instanceId), 'watches'] as const;

/** A running watch adds an analysis every few seconds: its page and the lists follow it at about that pace. */
const WATCH_POLL_MS = 3000;
export const isWatchRunning = (watch: Pick<Watch, 'status'> | undefined): boolean => watch?.status === 'running';

export const watchListQuery = (instanceId: string) =>
  queryOptions({
    queryKey: [...watchesKey(instanceId), 'list'],
    queryFn: () => api.get(watchesPath(instanceId), watchListSchema),
    refetchInterval: (query) => (query.state.data?.records.some(isWatchRunning) ? WATCH_POLL_MS : false),
  });

export const watchQuery = (instanceId: string, watchId: string) =>
  queryOptions({
    queryKey: [...watchesKey(instanceId), 'detail', watchId],
    queryFn: () => api.get(watchPath(instanceId, watchId), watchSchema),
    refetchInterval: (query) => (isWatchRunning(query.state.data) ? WATCH_POLL_MS : false),
  });

/** The top keys as lines; polled while the watch runs, which only the watch's own query knows. */
export const watchSeriesQuery = (instanceId: string, watchId: string, running: boolean) =>
  queryOptions({
    queryKey: [...watchesKey(instanceId), 'series', watchId],
    queryFn: () => api.get(`${watchPath(instanceId, watchId)}/keys`, watchSeriesSchema),
    refetchInterval: running ? WATCH_POLL_MS : false,
  });

/** Starting or stopping a watch changes the instance's analyses too: everything under the instance refreshes. */
export const startWatchMutation = (queryClient: QueryClient, instanceId: string) =>
  mutationOptions({
    mutationFn: (request: z.input<typeof createWatchRequestSchema>) =>
      api.post(watchesPath(instanceId), watchSchema, request),
    onSettled: () => queryClient.invalidateQueries({ queryKey: instanceKey(instanceId) }),
  });

export const stopWatchMutation = (queryClient: QueryClient, instanceId: string) =>
  mutationOptions({
    mutationFn: (watchId: string) => api.post(`${watchPath(instanceId, watchId)}/stop`, watchSchema, {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: instanceKey(instanceId) }),
  });
