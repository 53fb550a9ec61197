import { queryOptions, useQuery } from '@tanstack/react-query';
import { alertRuleSchema } from '../../../../contract/hotkey-alerts';
import { api } from '../../../lib/api-client';
import { alertRulePath, alertsQueryKey } from './schedule-paths';

export const getAlertRule = (instanceId: string) => api.get(alertRulePath(instanceId), alertRuleSchema);

export const alertRuleQueryOptions = (instanceId: string) =>
  queryOptions({ queryKey: [...alertsQueryKey(instanceId), 'rule'], queryFn: () => getAlertRule(instanceId) });

export const useAlertRule = (instanceId: string) => useQuery(alertRuleQueryOptions(instanceId));
