import { useMutation, useQueryClient } from '@tanstack/react-query';
import { autoscanConfigSchema, type AutoscanUpdate } from '../../../../contract/autoscan';
import { api } from '../../../lib/api-client';
import { autoscanPath, scheduleQueryKey } from './schedule-paths';

export const putAutoscan = (instanceId: string, update: AutoscanUpdate) =>
  api.put(autoscanPath(instanceId), autoscanConfigSchema, update);

export const useUpdateAutoscan = (instanceId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: AutoscanUpdate) => putAutoscan(instanceId, update),
    onSuccess: (saved) => queryClient.setQueryData([...scheduleQueryKey(instanceId), 'config'], saved),
    onSettled: () => queryClient.invalidateQueries({ queryKey: scheduleQueryKey(instanceId) }),
  });
};
