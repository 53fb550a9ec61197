import { queryOptions, useQuery } from '@tanstack/react-query';
import { scheduleRunListSchema } from '../../../../contract/autoscan';
import { api } from '../../../lib/api-client';
import { scheduleQueryKey, scheduleRunsPath } from './schedule-paths';

export const getScheduleRuns = (instanceId: string) => api.get(scheduleRunsPath(instanceId), scheduleRunListSchema);

/** Due times come at most once a minute: asking that often shows a new run (or skip) soon after it happens. */
export const scheduleRunsQueryOptions = (instanceId: string, scheduled: boolean) =>
  queryOptions({
    queryKey: [...scheduleQueryKey(instanceId), 'runs'],
    queryFn: () => getScheduleRuns(instanceId),
    refetchInterval: scheduled ? 60_000 : false,
  });

export const useScheduleRuns = (instanceId: string, scheduled: boolean) =>
  useQuery(scheduleRunsQueryOptions(instanceId, scheduled));
