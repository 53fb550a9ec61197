import { useRef, type KeyboardEvent } from 'react';
import type { ChartKind } from '../view-state';

const labels: Record<ChartKind, string> = {
  rate: 'Top by accesses/s',
  bytes: 'Top by bytes served',
  freq: 'Top by freq',
  size: 'Top by size',
  scatter: 'Freq vs size',
  shard: 'By shard',
  db: 'By database',
  type: 'By type',
  namespace: 'Namespaces',
};

/** Tabs in the WAI-ARIA pattern: one tab stop, arrow keys move between charts. */
export function ChartTabs({
  kinds,
  value,
  onChange,
}: {
  kinds: ChartKind[];
  value: ChartKind;
  onChange: (kind: ChartKind) => void;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = kinds[(kinds.indexOf(value) + step + kinds.length) % kinds.length] as ChartKind;
    onChange(next);
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLButtonElement>(`[data-kind="${next}"]`)?.focus());
  };
  return (
    <div
      role="tablist"
      aria-label="Chart"
      ref={listRef}
      onKeyDown={onKeyDown}
      className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-700"
    >
      {kinds.map((kind) => (
        <button
          key={kind}
          role="tab"
          data-kind={kind}
          aria-selected={kind === value}
          aria-controls="chart-panel"
          tabIndex={kind === value ? 0 : -1}
          onClick={() => onChange(kind)}
          className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${
            kind === value
              ? 'border-sky-600 font-semibold text-sky-800 dark:text-sky-300'
              : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'
          }`}
        >
          {labels[kind]}
        </button>
      ))}
    </div>
  );
}
