import { queryOptions, useQuery } from '@tanstack/react-query';
import { instanceSummarySchema } from '../../../../contract/instance-summary';
import { api } from '../../../lib/api-client';

export const getInstance = (instanceId: string) =>
  api.get(`/api/instances/${encodeURIComponent(instanceId)}`, instanceSummarySchema);

export const instanceQueryOptions = (instanceId: string) =>
  queryOptions({ queryKey: ['instances', instanceId], queryFn: () => getInstance(instanceId) });

export const useInstance = (instanceId: string) => useQuery(instanceQueryOptions(instanceId));
