/** A labelled bar; `total` 0 means "not known yet" and shows an indeterminate stripe. */
export function ProgressBar({ label, value, total }: { label: string; value: number; total: number }) {
  const percent = total > 0 ? Math.min(100, (value / total) * 100) : 0;
  return (
    <div>
      <div className="flex justify-between text-xs text-slate-600 dark:text-slate-400">
        <span>{label}</span>
        <span>
          {total > 0 ? `${value.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} keys` : 'starting'}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total || undefined}
        aria-valuenow={total > 0 ? value : undefined}
        className="mt-1 h-2 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        <div
          className={`h-full bg-sky-600 transition-[width] ${total > 0 ? '' : 'w-1/4 animate-pulse'}`}
          style={total > 0 ? { width: `${percent}%` } : undefined}
        />
      </div>
    </div>
  );
}
