import { Link } from 'react-router';
import type { KeyHistory } from '../../../../contract/key-history';
import { keyTrend } from '../../../../contract/key-history';
import { taskUrl } from '../../../lib/app-urls';
import { formatUtc, localBesideUtc } from '../../../lib/format';
import { describeTrend, gapsSinceLastSeen, type TimelineRow } from '../key-timeline';

const trendTone = {
  rising: 'border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950',
  falling: 'border-sky-300 bg-sky-50 dark:border-sky-800 dark:bg-sky-950',
  steady: 'border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-900',
} as const;

/** First sighting, the trend with its evidence, and whether the key has dropped out of the newest top lists. */
export function KeySummary({ history, rows }: { history: KeyHistory; rows: TimelineRow[] }) {
  const first = history.points[0]!;
  const local = localBesideUtc(first.at);
  const trend = keyTrend(history.points);
  const dropped = gapsSinceLastSeen(rows);
  return (
    <div className="space-y-2 text-sm">
      <p>
        <span className="font-medium">First seen in the top list:</span> {formatUtc(first.at)}
        {local && <span className="text-slate-500 dark:text-slate-400"> ({local})</span>}, in{' '}
        <Link className="text-sky-700 underline dark:text-sky-400" to={taskUrl(history.instance_id, first.task_id)}>
          {first.scan_type === 'auto' ? 'an' : 'a'} {first.scan_type} {first.method === 'sample' ? 'sampling' : 'LFU'}{' '}
          analysis
        </Link>
        . {history.points.length} of the {rows.length} analyses since then listed it.
      </p>
      {trend ? (
        <p
          className={`rounded border px-3 py-2 ${trendTone[trend.direction]}`}
          data-testid="key-trend"
          data-direction={trend.direction}
        >
          <span className="font-semibold">Trend</span> — {describeTrend(trend, history.points)}
        </p>
      ) : (
        <p data-testid="key-trend">Trend: one reading so far; a trend needs two.</p>
      )}
      {dropped.length > 0 && (
        <p className="rounded border border-amber-300 bg-amber-50 px-3 py-2 dark:border-amber-700 dark:bg-amber-950">
          Not in the top list of the latest {dropped.length} analys{dropped.length === 1 ? 'is' : 'es'} (since{' '}
          {formatUtc(dropped[0]!.at)}): other keys ranked above it. That does not mean it is cold.
        </p>
      )}
    </div>
  );
}
