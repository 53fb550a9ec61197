import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { instancesQuery } from '../../api/queries/instances';
import { ErrorState } from '../../components/error-state';
import { StatePanel } from '../../components/state-panel';
import { StatusBadge } from '../../components/status-badge';
import { instanceUrl } from '../../lib/app-urls';
import { EligibilityNote } from './eligibility-note';
import { SamplingOffer } from './sampling-offer';

export function InstancesPage() {
  const instances = useQuery(instancesQuery());
  if (instances.isPending) return <StatePanel tone="busy" title="Loading instances…" />;
  if (instances.isError) return <ErrorState error={instances.error} what="the instances" />;
  const { instances: list, source_errors: sourceErrors } = instances.data;
  return (
    <div className="space-y-2">
      {sourceErrors.map((error) => (
        <StatePanel key={error.source.id} tone="error" title={`Source ${error.source.name} is unreachable`}>
          Its instances cannot be listed: {error.error_msg} ({error.error_code}).
        </StatePanel>
      ))}
      {list.length === 0 && sourceErrors.length === 0 && (
        <StatePanel tone="neutral" title="No instances configured">
          Add a source to the file named by HOTKEYS_CONFIG and restart the dashboard server.
        </StatePanel>
      )}
      {list.length > 0 && (
        <section className="card">
          <h1 className="mb-3 text-xl font-semibold">Instances</h1>
          <table className="data-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Source</th>
                <th>Engine</th>
                <th>Mode</th>
                <th>Shards</th>
                <th>Status</th>
                <th>Hot key analysis</th>
              </tr>
            </thead>
            <tbody>
              {list.map((instance) => (
                <tr key={instance.id}>
                  <td>
                    <Link
                      className="font-medium text-sky-700 underline dark:text-sky-400"
                      to={instanceUrl(instance.id)}
                    >
                      {instance.name}
                    </Link>
                    <div className="text-xs text-slate-500 dark:text-slate-400">{instance.id}</div>
                  </td>
                  <td>
                    {instance.source.kind === 'dcs' ? 'DCS cloud' : 'Redis'} · {instance.source.name}
                  </td>
                  <td>{instance.engine_version ? `Redis ${instance.engine_version}` : 'unknown'}</td>
                  <td>{instance.mode}</td>
                  <td>{instance.shard_count}</td>
                  <td>
                    <StatusBadge status={instance.status} />
                  </td>
                  <td>
                    <EligibilityNote instance={instance} />
                    <SamplingOffer instance={instance} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
