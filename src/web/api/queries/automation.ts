import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import { autoscanConfigSchema, scheduleRunListSchema, type AutoscanUpdate } from '../../../contract/autoscan';
import { alertDeliveryListSchema, alertRuleSchema, type AlertRuleUpdate } from '../../../contract/hotkey-alerts';
import { api } from '../api-client';
import { instanceKey, instancePath } from './instances';

const autoscanPath = (instanceId: string) => `${instancePath(instanceId)}/hotkey-autoscan`;
const scheduleRunsPath = (instanceId: string) => `${autoscanPath(instanceId)}/runs`;
const alertRulePath = (instanceId: string) => `${instancePath(instanceId)}/hotkey-alert-rule`;
const alertDeliveriesPath = (instanceId: string) => `${instancePath(instanceId)}/hotkey-alerts`;

/** Schedule and alert queries of one instance live under these keys, so a save refreshes what it changed. */
const scheduleKey = (instanceId: string) => [...instanceKey(instanceId), 'schedule'] as const;
const alertsKey = (instanceId: string) => [...instanceKey(instanceId), 'alerts'] as const;

export const autoscanQuery = (instanceId: string) =>
  queryOptions({
    queryKey: [...scheduleKey(instanceId), 'config'],
    queryFn: () => api.get(autoscanPath(instanceId), autoscanConfigSchema),
  });

/** Due times come at most once a minute: asking that often shows a new run (or skip) soon after it happens. */
export const scheduleRunsQuery = (instanceId: string, scheduled: boolean) =>
  queryOptions({
    queryKey: [...scheduleKey(instanceId), 'runs'],
    queryFn: () => api.get(scheduleRunsPath(instanceId), scheduleRunListSchema),
    refetchInterval: scheduled ? 60_000 : false,
  });

export const alertRuleQuery = (instanceId: string) =>
  queryOptions({
    queryKey: [...alertsKey(instanceId), 'rule'],
    queryFn: () => api.get(alertRulePath(instanceId), alertRuleSchema),
  });

/** Quick while a delivery is still retrying; otherwise alerts follow analyses, which the page polls anyway. */
export const alertDeliveriesQuery = (instanceId: string) =>
  queryOptions({
    queryKey: [...alertsKey(instanceId), 'deliveries'],
    queryFn: () => api.get(alertDeliveriesPath(instanceId), alertDeliveryListSchema),
    refetchInterval: (query) => (query.state.data?.records.some((r) => r.status === 'pending') ? 2000 : 30_000),
  });

export const updateAutoscanMutation = (queryClient: QueryClient, instanceId: string) =>
  mutationOptions({
    mutationFn: (update: AutoscanUpdate) => api.put(autoscanPath(instanceId), autoscanConfigSchema, update),
    onSuccess: (saved) => queryClient.setQueryData(autoscanQuery(instanceId).queryKey, saved),
    onSettled: () => queryClient.invalidateQueries({ queryKey: scheduleKey(instanceId) }),
  });

export const updateAlertRuleMutation = (queryClient: QueryClient, instanceId: string) =>
  mutationOptions({
    mutationFn: (update: AlertRuleUpdate) => api.put(alertRulePath(instanceId), alertRuleSchema, update),
    onSuccess: (saved) => queryClient.setQueryData(alertRuleQuery(instanceId).queryKey, saved),
  });
