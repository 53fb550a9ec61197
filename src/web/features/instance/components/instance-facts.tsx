import type { InstanceSummary } from '../../../../contract/instance-summary';
import { describeEngine, describeSource } from '../../../lib/instance-text';
import { EligibilityNote, InstanceStatus } from '../../instances';

/** A cluster's servers: which slots each master serves, and the replicas that follow it. */
function ShardList({ shards }: { shards: NonNullable<InstanceSummary['shards']> }) {
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="data-table stack-table sm:w-auto sm:min-w-[32rem]" aria-label="Shards">
        <thead>
          <tr>
            <th>Shard</th>
            <th>Role</th>
            <th>Slots</th>
          </tr>
        </thead>
        <tbody>
          {shards.map((shard) => (
            <tr key={`${shard.role}/${shard.addr}`}>
              <td data-label="Shard" className="font-mono text-xs">
                {shard.addr}
              </td>
              <td data-label="Role">{shard.role}</td>
              <td data-label="Slots" className="font-mono text-xs">
                {shard.slots || 'none'}
                {shard.role === 'replica' && <span className="font-sans"> (its master’s)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InstanceFacts({ instance }: { instance: InstanceSummary }) {
  return (
    <div className="card">
      <h1 className="text-xl font-semibold break-words">
        {instance.name}{' '}
        <span className="font-mono text-sm font-normal text-slate-500 dark:text-slate-400">{instance.id}</span>
      </h1>
      <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-3 lg:grid-cols-6">
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Source</dt>
          <dd className="break-words">{describeSource(instance)}</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Engine</dt>
          <dd>{describeEngine(instance)}</dd>
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
            <InstanceStatus instance={instance} />
          </dd>
        </div>
        <div className="col-span-2">
          <dt className="text-slate-500 dark:text-slate-400">Hot key analysis</dt>
          <dd>
            <EligibilityNote instance={instance} />
          </dd>
        </div>
      </dl>
      {instance.shards && instance.shards.length > 0 && <ShardList shards={instance.shards} />}
    </div>
  );
}
