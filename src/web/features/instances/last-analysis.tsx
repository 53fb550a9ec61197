import { Link } from 'react-router';
import type { InstanceSummary } from '../../../contract/instance-summary';
import { KeyName } from '../../components/key-name';
import { Timestamp } from '../../components/timestamp';
import { taskUrl } from '../../lib/app-urls';
import { formatRate } from '../../lib/format';

/** When the instance was last analysed and what led: the hottest key with its freq or measured rate. */
export function LastAnalysisCell({ instance }: { instance: InstanceSummary }) {
  const last = instance.last_analysis;
  if (last === undefined) {
    return <span className="text-xs text-slate-500 dark:text-slate-400">not known here: open the instance</span>;
  }
  if (last === null) return <span className="text-slate-500 dark:text-slate-400">none yet</span>;
  const top = last.top_key;
  return (
    <span className="block min-w-0 text-left">
      <Link className="text-sky-700 underline dark:text-sky-400" to={taskUrl(instance.id, last.id)}>
        <Timestamp iso={last.finished_at} />
      </Link>
      <span className="block text-xs">
        {last.method === 'sample' ? 'sampling' : 'LFU'}
        {last.num === 0 ? ', no keys' : `, ${last.num} keys`}
        {last.kept_copy ? ' (copy kept here)' : ''}
      </span>
      {top && (
        <span className="block text-xs" data-testid="hottest-key">
          hottest <KeyName name={top.name} binary={top.binary} max={32} className="break-all" />
          {top.per_second !== undefined ? (
            <> · {formatRate(top.per_second)} measured</>
          ) : (
            <> · freq {top.freq ?? '—'}</>
          )}
        </span>
      )}
    </span>
  );
}
