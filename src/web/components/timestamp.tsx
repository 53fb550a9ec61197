import { formatUtc, localBesideUtc } from '../lib/format';

/** A time in UTC, with the viewer's local time beneath where it reads differently; "—" for none. */
export function Timestamp({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span>—</span>;
  const local = localBesideUtc(iso);
  return (
    <time dateTime={iso} className="whitespace-nowrap">
      {formatUtc(iso)}
      {local && <span className="block text-xs text-slate-500 dark:text-slate-400">{local}</span>}
    </time>
  );
}
