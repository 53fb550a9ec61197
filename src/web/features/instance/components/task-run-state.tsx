import type { Task } from '../../../../contract/hotkey-task';
import { ProgressBar } from '../../../components/progress-bar';
import { StatePanel } from '../../../components/state-panel';
import { formatDuration, formatTime } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { estimateTimeLeft } from '../time-left';
import { CancelTaskButton } from './cancel-task-button';
import { SamplingCountdown } from './sampling-countdown';

/** Waiting, running (with progress and elapsed time) or failed (with its reason); nothing once it succeeded. */
export function TaskRunState({ task }: { task: Task }) {
  const active = task.status === 'waiting' || task.status === 'running';
  const now = useNow(active);
  if (task.status === 'success') return null;
  if (task.status === 'failed') {
    return (
      <StatePanel tone="error" title="The analysis failed">
        <p>{task.failure_reason ?? 'The source gave no reason.'}</p>
        <p>
          Started {formatTime(task.started_at ?? task.created_at)}
          {task.finished_at && `, stopped ${formatTime(task.finished_at)}`}.
        </p>
      </StatePanel>
    );
  }
  const since = task.started_at ?? task.created_at;
  const elapsedMs = now - Date.parse(since);
  const elapsed = formatDuration(elapsedMs);
  const left =
    task.status === 'running' && task.progress && task.method !== 'sample'
      ? estimateTimeLeft(elapsedMs, task.progress.scanned, task.progress.total)
      : null;
  return (
    <StatePanel
      tone="busy"
      title={
        task.status === 'waiting'
          ? `Waiting to start · ${elapsed}`
          : `Analysing · ${elapsed} elapsed${left === null ? '' : `, about ${formatDuration(left)} left`}`
      }
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p>Started {formatTime(since)}. The status refreshes every second.</p>
        <CancelTaskButton instanceId={task.instance_id} taskId={task.id} />
      </div>
      <SamplingCountdown task={task} />
      {task.progress && task.method !== 'sample' && (
        <div className="mt-2 space-y-2">
          <ProgressBar label="All keys" value={task.progress.scanned} total={task.progress.total} />
          {task.progress.shards.length > 1 &&
            task.progress.shards.map((shard) => (
              <ProgressBar
                key={shard.shard}
                label={`${shard.shard}${shard.done ? ' (done)' : ''}`}
                value={shard.scanned}
                total={shard.total}
              />
            ))}
        </div>
      )}
    </StatePanel>
  );
}
