import { Link } from 'react-router';
import { taskUrl } from '../../../lib/app-urls';
import { formatRate, formatUtc } from '../../../lib/format';
import { describeEstimate } from '../../analysis';
import type { TimelineRow } from '../key-timeline';

const analysisWords = (row: TimelineRow) => `${row.scan_type}, ${row.method === 'sample' ? 'sampling' : 'LFU'}`;

/** Every analysis of the timeline with what it read of the key, or that the key was not in its top list. */
export function TimelineTable({ instanceId, rows }: { instanceId: string; rows: TimelineRow[] }) {
  return (
    <table className="data-table min-w-[36rem]" aria-label="Analyses of this key">
      <thead>
        <tr>
          <th>Time (UTC)</th>
          <th>Analysis</th>
          <th className="text-right">Freq (LFU counter)</th>
          <th className="text-right">Measured rate</th>
        </tr>
      </thead>
      <tbody>
        {[...rows].reverse().map((row) => (
          <tr key={row.task_id} className={row.point ? undefined : 'text-slate-500 dark:text-slate-400'}>
            <td className="whitespace-nowrap tabular-nums">{formatUtc(row.at)}</td>
            <td>
              <Link className="text-sky-700 underline dark:text-sky-400" to={taskUrl(instanceId, row.task_id)}>
                {analysisWords(row)}
              </Link>
            </td>
            {row.point ? (
              <>
                <td className="text-right">
                  <span className="font-semibold tabular-nums">{row.point.freq ?? '—'}</span>
                  {row.point.freq !== undefined && (
                    <span className="block text-xs text-slate-500 dark:text-slate-400">
                      {describeEstimate(row.point)}
                    </span>
                  )}
                </td>
                <td className="text-right tabular-nums">
                  {row.point.sample_per_second === undefined ? '—' : formatRate(row.point.sample_per_second)}
                </td>
              </>
            ) : (
              <td colSpan={2} className="text-right italic">
                not in the top {row.notInTop} of this analysis
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
