import type { InstanceSummary } from '../../../contract/instance-summary';
import { StatusBadge } from '../../components/status-badge';
import { formatUtc } from '../../lib/format';

/** An instance whose source did not answer in time is shown as it last answered, and says so. */
export function InstanceStatus({ instance }: { instance: InstanceSummary }) {
  if (instance.stale) {
    return (
      <span className="text-amber-800 dark:text-amber-300" title={instance.stale.reason}>
        <span className="font-medium">not answering</span>{' '}
        <span className="whitespace-nowrap">(last known {formatUtc(instance.stale.checked_at).slice(11)})</span>
      </span>
    );
  }
  return <StatusBadge status={instance.status} />;
}
