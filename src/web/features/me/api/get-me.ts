import { queryOptions, useQuery } from '@tanstack/react-query';
import { meSchema, type Me } from '../../../../contract/me';
import { api, ApiError } from '../../../lib/api-client';

const anonymousOperator: Me = { user: null, role: 'operator', auth_mode: 'none' };

export const getMe = async (): Promise<Me> => {
  try {
    return await api.get('/api/me', meSchema);
  } catch (error) {
    // No authentication configured (or not built yet): the BFF has no /api/me and everyone may operate.
    if (error instanceof ApiError && error.status === 404) return anonymousOperator;
    throw error;
  }
};

export const meQueryOptions = () => queryOptions({ queryKey: ['me'], queryFn: getMe, staleTime: 5 * 60_000 });

export const useMe = () => useQuery(meQueryOptions());

/** Viewers may look but not start or delete; while the role is unknown, nothing is offered that could fail. */
export const useCanOperate = (): boolean => useMe().data?.role === 'operator';
