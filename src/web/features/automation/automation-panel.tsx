import { useQuery } from '@tanstack/react-query';
import type { InstanceSummary } from '../../../contract/instance-summary';
import { autoscanQuery } from '../../api/queries/automation';
import { AlertCard } from './components/alert-card';
import { AlertDeliveries } from './components/alert-deliveries';
import { ScheduleCard } from './components/schedule-card';
import { ScheduleRuns } from './components/schedule-runs';

/**
 * Schedule and alerts of an instance. The record of due times is the dashboard's own, so it shows for the
 * instances it schedules itself (redis sources); DCS runs its schedules in the cloud.
 */
export function AutomationPanel({ instance }: { instance: InstanceSummary }) {
  const ownSchedule = instance.source.kind === 'redis';
  const scheduled = useQuery(autoscanQuery(instance.id)).data?.enable_auto_scan ?? false;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <ScheduleCard instance={instance} />
        <AlertCard instance={instance} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {ownSchedule && <ScheduleRuns instanceId={instance.id} scheduled={scheduled} />}
        <AlertDeliveries instanceId={instance.id} />
      </div>
    </div>
  );
}
