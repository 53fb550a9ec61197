import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { TaskRecord } from '../../../../contract/hotkey-task';
import { deleteTaskMutation, taskListQuery } from '../../../api/queries/tasks';
import { ErrorState } from '../../../components/error-state';
import { Pager } from '../../../components/pager';
import { StatePanel } from '../../../components/state-panel';
import { ShortId } from '../../../components/short-id';
import { StatusBadge } from '../../../components/status-badge';
import { Timestamp } from '../../../components/timestamp';
import { taskUrl } from '../../../lib/app-urls';
import { durationBetween } from '../../../lib/format';
import { describeMethod } from '../../../lib/task-text';
import { clampPageOffset } from '../../../lib/paging';
import { type OperatorOnly, useOperatorOnly } from '../../session';

const HISTORY_PAGE_SIZE = 10;

function DeleteButton({
  instanceId,
  record,
  operate,
}: {
  instanceId: string;
  record: TaskRecord;
  operate: OperatorOnly;
}) {
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(deleteTaskMutation(useQueryClient(), instanceId));
  if (remove.isError) return <span className="text-xs text-red-700 dark:text-red-400">{remove.error.message}</span>;
  if (!confirming) {
    return (
      <button
        className="btn"
        disabled={!operate.allowed}
        onClick={() => setConfirming(true)}
        aria-label={`Delete analysis ${record.id}`}
        {...operate.buttonProps}
      >
        Delete
      </button>
    );
  }
  return (
    <span className="flex gap-1">
      <button
        className="btn border-red-600 text-red-700 dark:text-red-300"
        disabled={remove.isPending}
        onClick={() => remove.mutate(record.id)}
      >
        Confirm delete
      </button>
      <button className="btn" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

function HistoryRow({
  instanceId,
  record,
  operate,
}: {
  instanceId: string;
  record: TaskRecord;
  operate: OperatorOnly;
}) {
  return (
    <tr>
      <td data-label="Status">
        <span>
          <StatusBadge status={record.status} />
          {record.failure_reason && (
            <span className="block text-xs text-red-700 dark:text-red-400">{record.failure_reason}</span>
          )}
        </span>
      </td>
      <td data-label="Method">{describeMethod(record)}</td>
      <td data-label="Scan">{record.scan_type}</td>
      <td data-label="Started">
        <Timestamp iso={record.started_at ?? record.created_at} />
      </td>
      <td data-label="Duration">{durationBetween(record.started_at, record.finished_at)}</td>
      <td data-label="Keys" className="text-right tabular-nums">
        {record.num ?? '—'}
      </td>
      <td data-label="Analysis">
        <Link className="text-xs text-sky-700 underline dark:text-sky-400" to={taskUrl(instanceId, record.id)}>
          <ShortId id={record.id} />
        </Link>
      </td>
      <td>
        <DeleteButton instanceId={instanceId} record={record} operate={operate} />
      </td>
    </tr>
  );
}

export function TaskHistory({
  instanceId,
  offset,
  onOffset,
}: {
  instanceId: string;
  offset: number;
  onOffset: (offset: number) => void;
}) {
  const tasks = useQuery(taskListQuery(instanceId, { offset, limit: HISTORY_PAGE_SIZE }));
  // One note for the whole table; every row's Delete points to it.
  const operate = useOperatorOnly('delete analyses');
  // Placeholder data counts the records of another page's moment; wait for this page's own answer.
  const settled = tasks.isSuccess && !tasks.isPlaceholderData;
  const inRange = settled ? clampPageOffset(offset, tasks.data.count, HISTORY_PAGE_SIZE) : offset;
  useEffect(() => {
    if (inRange !== offset) onOffset(inRange);
  }, [inRange, offset, onOffset]);
  if (tasks.isPending) return <StatePanel tone="busy" title="Loading the history…" />;
  if (tasks.isError) return <ErrorState error={tasks.error} what="the analysis history" />;
  const { records, count } = tasks.data;
  if (records.length === 0 && count > 0)
    return <StatePanel tone="busy" title="Loading the last page of the history…" />;
  return (
    <section className="card" aria-label="Analysis history">
      <h2 className="mb-2 text-lg font-semibold">History ({count})</h2>
      {records.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No analyses yet. Start one above.</p>
      ) : (
        <table className="data-table stack-table">
          <thead>
            <tr>
              <th>Status</th>
              <th>Method</th>
              <th>Scan</th>
              <th>Started</th>
              <th>Duration</th>
              <th className="text-right">Keys</th>
              <th>Analysis</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {records.map((record) => (
              <HistoryRow key={record.id} instanceId={instanceId} record={record} operate={operate} />
            ))}
          </tbody>
        </table>
      )}
      {records.length > 0 && operate.note}
      <Pager label="History pages" offset={offset} limit={HISTORY_PAGE_SIZE} count={count} onOffset={onOffset} />
    </section>
  );
}
