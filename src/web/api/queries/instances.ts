import { queryOptions } from '@tanstack/react-query';
import { instanceListSchema, instanceSummarySchema } from '../../../contract/instance-summary';
import { api } from '../api-client';

export const instancePath = (instanceId: string) => `/api/instances/${encodeURIComponent(instanceId)}`;

/** Every query about one instance lives under its key: its tasks, schedule and alerts extend it. */
export const instanceKey = (instanceId: string) => ['instances', instanceId] as const;

export const instancesQuery = () =>
  queryOptions({ queryKey: ['instances'], queryFn: () => api.get('/api/instances', instanceListSchema) });

export const instanceQuery = (instanceId: string) =>
  queryOptions({
    queryKey: instanceKey(instanceId),
    queryFn: () => api.get(instancePath(instanceId), instanceSummarySchema),
  });
