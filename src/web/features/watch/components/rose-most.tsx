import { Link } from 'react-router';
import type { WatchSeries } from '../../../../contract/watch';
import { KeyName } from '../../../components/key-name';
import { keyUrl } from '../../../lib/app-urls';
import { formatUtc } from '../../../lib/format';
import { formatMeasure } from '../watch-words';

/** The key whose reading rose most between the two latest iterations, named with both readings. */
export function RoseMost({ series }: { series: WatchSeries }) {
  const rose = series.rose_most;
  const at = (taskId: string) => series.iterations.find((iteration) => iteration.task_id === taskId)?.at;
  if (series.iterations.length < 2) {
    return <p className="text-sm">The key that rose most is named once two iterations have finished.</p>;
  }
  if (!rose) {
    return <p className="text-sm">No key rose between the two latest iterations.</p>;
  }
  const from = at(rose.from_task);
  const to = at(rose.to_task);
  const value = (v: number) => formatMeasure(series.measure, v);
  return (
    <p
      className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm dark:border-red-800 dark:bg-red-950"
      data-testid="rose-most"
    >
      <span className="font-semibold">Rose most in the last interval</span>
      {from && to && ` (${formatUtc(from)} → ${formatUtc(to)})`}:{' '}
      <Link className="break-all font-semibold underline" to={keyUrl(series.instance_id, rose)}>
        <KeyName name={rose.name} binary={rose.encoding === 'binary'} max={80} />
      </Link>
      {rose.db > 0 && ` in db ${rose.db}`},{' '}
      {rose.before === null
        ? `new in the list at ${value(rose.after)}`
        : `${value(rose.before)} → ${value(rose.after)}`}{' '}
      ({series.measure === 'freq' ? 'freq' : 'accesses per second'}, +{value(rose.rise)}).
    </p>
  );
}
