import type { InstanceSummary } from '../../../../contract/instance-summary';
import { StatusBadge } from '../../../components/status-badge';
import { EligibilityNote } from '../../instances';

export function InstanceFacts({ instance }: { instance: InstanceSummary }) {
  return (
    <div className="card">
      <h1 className="text-xl font-semibold">
        {instance.name} <span className="text-sm font-normal text-slate-500 dark:text-slate-400">{instance.id}</span>
      </h1>
      <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-3 lg:grid-cols-6">
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Source</dt>
          <dd>
            {instance.source.kind === 'dcs' ? 'DCS cloud' : 'Redis'} · {instance.source.name}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Engine</dt>
          <dd>{instance.engine_version ? `Redis ${instance.engine_version}` : 'unknown'}</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Mode</dt>
          <dd>
            {instance.mode}, {instance.shard_count} {instance.shard_count === 1 ? 'shard' : 'shards'}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Status</dt>
          <dd>
            <StatusBadge status={instance.status} />
          </dd>
        </div>
        <div className="col-span-2">
          <dt className="text-slate-500 dark:text-slate-400">Hot key analysis</dt>
          <dd>
            <EligibilityNote instance={instance} />
          </dd>
        </div>
      </dl>
    </div>
  );
}
