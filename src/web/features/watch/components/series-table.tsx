import { Link } from 'react-router';
import type { WatchSeries } from '../../../../contract/watch';
import { KeyName } from '../../../components/key-name';
import { keyUrl } from '../../../lib/app-urls';
import { formatMeasure, lineColor, seriesKeyId } from '../watch-words';

/** The lines as numbers: each key's first and latest reading in the watch, and its change in the last interval. */
export function SeriesTable({ series }: { series: WatchSeries }) {
  const value = (v: number | null | undefined) =>
    v === null || v === undefined ? 'not listed' : formatMeasure(series.measure, v);
  const roseMost = series.rose_most ? seriesKeyId(series.rose_most) : null;
  return (
    <table className="data-table min-w-[28rem]" aria-label="Top keys of the watch">
      <thead>
        <tr>
          <th>Key</th>
          <th className="text-right">DB</th>
          <th className="text-right">First</th>
          <th className="text-right">Previous</th>
          <th className="text-right">Latest</th>
        </tr>
      </thead>
      <tbody>
        {series.keys.map((key, k) => (
          <tr key={seriesKeyId(key)} className={seriesKeyId(key) === roseMost ? 'font-semibold' : undefined}>
            <td className="break-all text-xs">
              <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: lineColor(k) }} />
              <Link className="hover:underline" to={keyUrl(series.instance_id, key)}>
                <KeyName name={key.name} binary={key.encoding === 'binary'} max={60} />
              </Link>
            </td>
            <td className="text-right tabular-nums">{key.db}</td>
            <td className="text-right tabular-nums">{value(key.values.find((v) => v !== null))}</td>
            <td className="text-right tabular-nums">{value(key.values.at(-2))}</td>
            <td className="text-right tabular-nums">{value(key.values.at(-1))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
