const classes: Record<string, string> = {
  success: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  RUNNING: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  running: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100',
  waiting: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
  failed: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
  finished: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  stopped: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
};
const fallback = 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100';

/** A task, watch or instance status; anything unexpected (UNREACHABLE, ERROR, ...) is shown as a warning. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${classes[status] ?? fallback}`}>
      {status}
    </span>
  );
}
