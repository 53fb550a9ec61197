import { queryOptions, useQuery } from '@tanstack/react-query';
import { meSchema } from '../../../../contract/session';
import { api } from '../../../lib/api-client';

export const meQueryKey = ['me'] as const;

export const getMe = () => api.get('/api/me', meSchema);

export const meQueryOptions = () => queryOptions({ queryKey: meQueryKey, queryFn: getMe, staleTime: 5 * 60_000 });

export const useMe = () => useQuery(meQueryOptions());
