import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { alertDeliveriesQuery } from '../../../api/queries/automation';
import { ErrorState } from '../../../components/error-state';
import { KeyName } from '../../../components/key-name';
import { ShortId } from '../../../components/short-id';
import { Timestamp } from '../../../components/timestamp';
import { taskUrl } from '../../../lib/app-urls';
import { OutcomeBadge } from './outcome-badge';

/** Alerts raised lately and whether the webhook got them; failures keep their last error. */
export function AlertDeliveries({ instanceId }: { instanceId: string }) {
  const deliveries = useQuery(alertDeliveriesQuery(instanceId));
  if (deliveries.isError) return <ErrorState error={deliveries.error} what="the alert deliveries" />;
  const records = deliveries.data?.records ?? [];
  return (
    <section className="card" aria-label="Alert deliveries">
      <h2 className="mb-2 text-lg font-semibold">Recent alerts</h2>
      {records.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No alert raised yet.</p>
      ) : (
        <table className="data-table stack-table">
          <thead>
            <tr>
              <th>Raised</th>
              <th>Delivery</th>
              <th>Hot keys</th>
              <th>Analysis</th>
            </tr>
          </thead>
          <tbody>
            {records.map((delivery) => (
              <tr key={delivery.id}>
                <td data-label="Raised">
                  <Timestamp iso={delivery.created_at} />
                </td>
                <td data-label="Delivery">
                  <span>
                    <OutcomeBadge outcome={delivery.status} />
                    <div className="text-xs text-slate-500">
                      {delivery.attempts} {delivery.attempts === 1 ? 'try' : 'tries'}
                    </div>
                    {delivery.last_error && (
                      <div className="text-xs text-red-700 dark:text-red-400">
                        {delivery.status === 'delivered' ? 'earlier failure: ' : ''}
                        {delivery.last_error}
                      </div>
                    )}
                  </span>
                </td>
                <td data-label="Hot keys">
                  <span>
                    {delivery.key_count} above the threshold; hottest{' '}
                    <KeyName name={delivery.top_key.name} max={40} className="text-xs break-all" /> (freq{' '}
                    {delivery.top_key.freq})
                  </span>
                </td>
                <td data-label="Analysis">
                  <Link
                    className="text-xs text-sky-700 underline dark:text-sky-400"
                    to={taskUrl(instanceId, delivery.task_id)}
                  >
                    <ShortId id={delivery.task_id} />
                  </Link>{' '}
                  <span className="text-xs">{delivery.scan_type}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
