import type { InstanceSummary } from '../../../contract/instance-summary';
import { useAutoscan } from './api/get-autoscan';
import { AlertCard } from './components/alert-card';
import { AlertDeliveries } from './components/alert-deliveries';
import { ScheduleCard } from './components/schedule-card';
import { ScheduleRuns } from './components/schedule-runs';

/**
 * Schedule and alerts of an instance. Runs and alerts are the dashboard's own bookkeeping, so they show for
 * the instances it analyses itself (redis sources); a DCS instance shows its cloud schedule only.
 */
export function SchedulePanel({ instance }: { instance: InstanceSummary }) {
  const own = instance.source.kind === 'redis';
  const scheduled = useAutoscan(instance.id).data?.enable_auto_scan ?? false;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <ScheduleCard instance={instance} />
        {own && <AlertCard instance={instance} />}
      </div>
      {own && (
        <div className="grid gap-4 lg:grid-cols-2">
          <ScheduleRuns instanceId={instance.id} scheduled={scheduled} />
          <AlertDeliveries instanceId={instance.id} />
        </div>
      )}
    </div>
  );
}
