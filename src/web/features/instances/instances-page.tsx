import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { InstanceSummary } from '../../../contract/instance-summary';
import { instancesQuery } from '../../api/queries/instances';
import { ErrorState } from '../../components/error-state';
import { StatePanel } from '../../components/state-panel';
import { instanceUrl } from '../../lib/app-urls';
import { describeEngine } from '../../lib/instance-text';
import { EligibilityNote } from './eligibility-note';
import { InstanceStatus } from './instance-status';
import { LastAnalysisCell } from './last-analysis';
import { SamplingOffer } from './sampling-offer';

/** Under the name: its id and, where it says more than the name, the source it comes from. */
function SourceLine({ instance }: { instance: InstanceSummary }) {
  const kind = instance.source.kind === 'dcs' ? 'DCS cloud' : 'Redis';
  const named = instance.source.name !== instance.name ? ` · ${instance.source.name}` : '';
  return (
    <span className="block text-xs text-slate-500 dark:text-slate-400">
      <span className="font-mono">{instance.id}</span> · {kind}
      {named}
    </span>
  );
}

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
          <table className="data-table stack-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Engine</th>
                <th>Mode</th>
                <th>Status</th>
                <th>Last analysis</th>
                <th>Hot key analysis</th>
              </tr>
            </thead>
            <tbody>
              {list.map((instance) => (
                <tr key={instance.id}>
                  <td className="text-left max-sm:block">
                    <Link
                      className="font-medium text-sky-700 underline dark:text-sky-400"
                      to={instanceUrl(instance.id)}
                    >
                      {instance.name}
                    </Link>
                    <SourceLine instance={instance} />
                  </td>
                  <td data-label="Engine" className="whitespace-nowrap">
                    {describeEngine(instance)}
                  </td>
                  <td data-label="Mode">
                    {instance.mode}
                    {instance.mode === 'cluster' &&
                      `, ${instance.shard_count} ${instance.shard_count === 1 ? 'shard' : 'shards'}`}
                  </td>
                  <td data-label="Status">
                    <InstanceStatus instance={instance} />
                  </td>
                  <td data-label="Last analysis">
                    <LastAnalysisCell instance={instance} />
                  </td>
                  <td data-label="Hot key analysis">
                    <span className="block text-left">
                      <EligibilityNote instance={instance} />
                      <SamplingOffer instance={instance} />
                    </span>
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
