import { queryOptions, useQuery } from '@tanstack/react-query';
import { autoscanConfigSchema } from '../../../../contract/autoscan';
import { api } from '../../../lib/api-client';
import { autoscanPath, scheduleQueryKey } from './schedule-paths';

export const getAutoscan = (instanceId: string) => api.get(autoscanPath(instanceId), autoscanConfigSchema);

export const autoscanQueryOptions = (instanceId: string) =>
  queryOptions({ queryKey: [...scheduleQueryKey(instanceId), 'config'], queryFn: () => getAutoscan(instanceId) });

export const useAutoscan = (instanceId: string) => useQuery(autoscanQueryOptions(instanceId));
