import type { ReactNode } from 'react';

/** Every chart sits beside a table of the same numbers, for reading exact values and for keyboard users. */
export function ChartWithTable({
  title,
  note,
  height,
  chart,
  table,
}: {
  title: string;
  note?: ReactNode;
  height: number;
  chart: ReactNode;
  table: ReactNode;
}) {
  return (
    <figure className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div>
        <figcaption className="mb-1 text-sm font-semibold">{title}</figcaption>
        {note && <p className="mb-1 text-xs text-slate-600 dark:text-slate-400">{note}</p>}
        {/* ResponsiveContainer renders nothing inside a parent without a height. */}
        <div style={{ height }} className="text-slate-700 dark:text-slate-300" data-testid="chart">
          {chart}
        </div>
      </div>
      {/* As tall as the chart beside it, scrolling beyond. */}
      <div className="overflow-auto" style={{ maxHeight: height + 40 }}>
        {table}
      </div>
    </figure>
  );
}

/** Marks the picked key's or group's row in the table, in the amber its bar takes in the chart. */
export const highlightRow = (picked: boolean) => (picked ? 'bg-amber-100 dark:bg-amber-900/60' : undefined);
