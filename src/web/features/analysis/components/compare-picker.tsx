import { useQuery } from '@tanstack/react-query';
import type { TaskRecord } from '../../../../contract/hotkey-task';
import { taskListQuery } from '../../../api/queries/tasks';
import { formatUtc, shortId } from '../../../lib/format';
import { describeMethod } from '../../../lib/task-text';

/** "2026-03-01 10:00:00 UTC · LFU, gentle · 100 keys · 1a2b3c4d": enough to pick the right one. */
export const describeCandidate = (record: TaskRecord): string =>
  [
    formatUtc(record.started_at ?? record.created_at),
    describeMethod(record),
    `${record.num ?? '?'} keys`,
    shortId(record.id),
  ].join(' · ');

/** Offers the other finished analyses of the same instance (the newest 100) as a comparison target. */
export function ComparePicker({
  instanceId,
  taskId,
  value,
  onChange,
}: {
  instanceId: string;
  taskId: string;
  value: string | null;
  onChange: (compare: string | null) => void;
}) {
  const tasks = useQuery(taskListQuery(instanceId, { offset: 0, limit: 100 }));
  const candidates = (tasks.data?.records ?? []).filter(
    (record) => record.status === 'success' && record.id !== taskId,
  );
  return (
    <label className="flex flex-wrap items-center gap-2 text-sm">
      Compare with
      <select
        className="input max-w-full min-w-0"
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
      >
        <option value="">{candidates.length ? 'no comparison' : 'no other finished analysis'}</option>
        {value && !candidates.some((record) => record.id === value) && <option value={value}>{value}</option>}
        {candidates.map((record) => (
          <option key={record.id} value={record.id} title={record.id}>
            {describeCandidate(record)}
          </option>
        ))}
      </select>
    </label>
  );
}
