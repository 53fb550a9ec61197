import type { ReactNode } from 'react';

type Tone = 'neutral' | 'busy' | 'warning' | 'error';

const toneClasses: Record<Tone, string> = {
  neutral: 'border-slate-200 bg-white text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300',
  busy: 'border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100',
  warning: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100',
  error: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
};

/** The one box for loading, empty, running, failed and unreachable states, so they all read alike. */
export function StatePanel({ tone, title, children }: { tone: Tone; title: string; children?: ReactNode }) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      aria-busy={tone === 'busy'}
      className={`rounded-lg border px-4 py-3 ${toneClasses[tone]}`}
    >
      <p className="font-semibold">{title}</p>
      {children && <div className="mt-1 text-sm">{children}</div>}
    </div>
  );
}
