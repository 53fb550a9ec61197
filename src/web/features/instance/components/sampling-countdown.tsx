import type { Task } from '../../../../contract/hotkey-task';
import { formatDuration } from '../../../lib/format';

/** Time left in a running sampling's window (its progress is milliseconds elapsed of the window). */
export function SamplingCountdown({ task }: { task: Task }) {
  if (task.method !== 'sample') return null;
  if (task.status === 'waiting') {
    return <p className="mt-2 text-sm">Queued: it starts when the analysis before it on this instance ends.</p>;
  }
  const progress = task.progress;
  if (task.status !== 'running' || !progress) return null;
  const left = Math.max(0, progress.total - progress.scanned);
  const percent = progress.total > 0 ? Math.min(100, (progress.scanned / progress.total) * 100) : 0;
  return (
    <div className="mt-2 space-y-1">
      <div className="flex justify-between text-sm">
        <span>
          MONITOR on {progress.shards.length} {progress.shards.length === 1 ? 'server' : 'masters'}
        </span>
        <span className="font-semibold tabular-nums" aria-live="polite">
          {left > 0 ? `${formatDuration(left)} left` : 'window over, measuring the top keys'}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label="Sampling window"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.scanned}
        className="h-2 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        <div className="h-full bg-amber-500 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
