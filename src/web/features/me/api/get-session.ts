import { queryOptions, useQuery } from '@tanstack/react-query';
import { sessionInfoSchema } from '../../../../contract/session';
import { api } from '../../../lib/api-client';

export const getSessionInfo = () => api.get('/api/session', sessionInfoSchema);

export const sessionInfoQueryOptions = () =>
  queryOptions({ queryKey: ['session-info'], queryFn: getSessionInfo, staleTime: Infinity });

export const useSessionInfo = () => useQuery(sessionInfoQueryOptions());
