import { queryOptions, useQuery } from '@tanstack/react-query';
import { instanceListSchema } from '../../../../contract/instance-summary';
import { api } from '../../../lib/api-client';

export const getInstances = () => api.get('/api/instances', instanceListSchema);

export const instancesQueryOptions = () => queryOptions({ queryKey: ['instances'], queryFn: getInstances });

export const useInstances = () => useQuery(instancesQueryOptions());
