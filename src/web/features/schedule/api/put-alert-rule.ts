import { useMutation, useQueryClient } from '@tanstack/react-query';
import { alertRuleSchema, type AlertRuleUpdate } from '../../../../contract/hotkey-alerts';
import { api } from '../../../lib/api-client';
import { alertRulePath, alertsQueryKey } from './schedule-paths';

export const putAlertRule = (instanceId: string, update: AlertRuleUpdate) =>
  api.put(alertRulePath(instanceId), alertRuleSchema, update);

export const useUpdateAlertRule = (instanceId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: AlertRuleUpdate) => putAlertRule(instanceId, update),
    onSuccess: (saved) => queryClient.setQueryData([...alertsQueryKey(instanceId), 'rule'], saved),
  });
};
