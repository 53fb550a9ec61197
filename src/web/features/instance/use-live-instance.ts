import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { isTerminal } from '../../../contract/hotkey-task';
import { instanceKey } from '../../api/queries/instances';
import { taskListQuery, taskQuery } from '../../api/queries/tasks';
import { isWatchRunning, watchListQuery } from '../../api/queries/watches';

/**
 * Keeps the instance page current without a reload. The newest analysis is polled while it runs, and the list of
 * analyses while a watch adds new ones; when an analysis or a watch ends, or a new analysis appears (a watch's
 * iteration may start and end between two polls), every query of the instance (history, schedule runs, alert
 * deliveries, the latest analysis) is read again, since each of them may have changed.
 */
export function useLiveInstance(instanceId: string) {
  const queryClient = useQueryClient();
  const watching = useQuery(watchListQuery(instanceId)).data?.records.some(isWatchRunning) ?? false;
  const newest = useQuery(taskListQuery(instanceId, { offset: 0, limit: 1 }, { poll: watching }));
  const newestId = newest.data?.records[0]?.id;
  const newestStatus = useQuery({ ...taskQuery(instanceId, newestId ?? ''), enabled: newestId !== undefined }).data
    ?.status;
  const activeTask = newestStatus !== undefined && !isTerminal(newestStatus) ? newestId : undefined;

  const previous = useRef({ activeTask, watching, newestId });
  useEffect(() => {
    const was = previous.current;
    const taskEnded = was.activeTask !== undefined && was.activeTask !== activeTask;
    const appeared = was.newestId !== undefined && newestId !== undefined && was.newestId !== newestId;
    if (taskEnded || appeared || (was.watching && !watching)) {
      void queryClient.invalidateQueries({ queryKey: instanceKey(instanceId) });
    }
    previous.current = { activeTask, watching, newestId };
  }, [activeTask, watching, newestId, instanceId, queryClient]);

  return { newest, newestId };
}
