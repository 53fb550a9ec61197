import { queryOptions, useQuery } from '@tanstack/react-query';
import { alertDeliveryListSchema } from '../../../../contract/hotkey-alerts';
import { api } from '../../../lib/api-client';
import { alertDeliveriesPath, alertsQueryKey } from './schedule-paths';

export const getAlertDeliveries = (instanceId: string) =>
  api.get(alertDeliveriesPath(instanceId), alertDeliveryListSchema);

/** Quick while a delivery is still retrying; otherwise alerts follow analyses, which the page polls anyway. */
export const alertDeliveriesQueryOptions = (instanceId: string) =>
  queryOptions({
    queryKey: [...alertsQueryKey(instanceId), 'deliveries'],
    queryFn: () => getAlertDeliveries(instanceId),
    refetchInterval: (query) => (query.state.data?.records.some((r) => r.status === 'pending') ? 2000 : 30_000),
  });

export const useAlertDeliveries = (instanceId: string) => useQuery(alertDeliveriesQueryOptions(instanceId));
