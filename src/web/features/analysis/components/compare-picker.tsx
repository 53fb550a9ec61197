import { useQuery } from '@tanstack/react-query';
import { taskListQuery } from '../../../api/queries/tasks';
import { formatTime } from '../../../lib/format';

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
    <label className="flex items-center gap-2 text-sm">
      Compare with
      <select className="input" value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">{candidates.length ? 'no comparison' : 'no other finished analysis'}</option>
        {value && !candidates.some((record) => record.id === value) && <option value={value}>{value}</option>}
        {candidates.map((record) => (
          <option key={record.id} value={record.id}>
            {formatTime(record.started_at ?? record.created_at)} · {record.num ?? '?'} keys
          </option>
        ))}
      </select>
    </label>
  );
}
