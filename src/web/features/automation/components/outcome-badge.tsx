const classes: Record<string, string> = {
  started: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  delivered: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  pending: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100',
  skipped: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  failed: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
};

/** What became of a due time (started, skipped, failed) or of an alert (pending, delivered, failed). */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${classes[outcome] ?? classes.skipped}`}>
      {outcome}
    </span>
  );
}
