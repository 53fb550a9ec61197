import { useRef, type KeyboardEvent } from 'react';
import type { KeyRecord } from '../../../../contract/hotkey-task';
import { KeyName } from '../../../components/key-name';
import { Pager } from '../../../components/pager';
import { formatByteRate, formatRate, formatSize } from '../../../lib/format';
import { describeEstimate } from '../freq-estimate';
import { keyId } from '../key-id';
import type { SortColumn, SortDirection } from '../view-state';

export const KEY_PAGE_SIZE = 50;

interface Column {
  column: SortColumn;
  label: string;
  numeric?: boolean;
}

const LFU_COLUMNS: Column[] = [
  { column: 'name', label: 'Key' },
  { column: 'type', label: 'Type' },
  { column: 'db', label: 'DB', numeric: true },
  { column: 'shard', label: 'Shard' },
  { column: 'size', label: 'Size', numeric: true },
  { column: 'freq', label: 'Freq (LFU counter)', numeric: true },
];

/** A sampling's measurements lead; freq, where the server has one, is a secondary column. */
const SAMPLE_COLUMNS: Column[] = [
  { column: 'name', label: 'Key' },
  { column: 'rate', label: 'Accesses/s (measured)', numeric: true },
  { column: 'bytes', label: 'Bytes served/s (estimate)', numeric: true },
  ...LFU_COLUMNS.slice(1),
];

function Cell({ column, keyRecord: key }: { column: SortColumn; keyRecord: KeyRecord }) {
  switch (column) {
    case 'name':
      return (
        <td className="max-w-[28rem] min-w-[10rem] break-all text-xs">
          <KeyName name={key.name} binary={key.binary} />
        </td>
      );
    case 'rate':
      return (
        <td className="text-right font-semibold tabular-nums">
          {key.sample ? formatRate(key.sample.per_second) : '—'}
        </td>
      );
    case 'bytes':
      return (
        <td className="text-right tabular-nums whitespace-nowrap">
          {key.sample?.bytes_per_second === undefined ? '—' : formatByteRate(key.sample.bytes_per_second)}
        </td>
      );
    case 'type':
      return <td>{key.type}</td>;
    case 'db':
      return <td className="text-right tabular-nums">{key.db}</td>;
    case 'shard':
      return <td className="font-mono text-xs">{key.shard ?? '—'}</td>;
    case 'size':
      return <td className="text-right tabular-nums whitespace-nowrap">{formatSize(key.size, key.unit)}</td>;
    case 'freq':
      return (
        <td className="text-right">
          <span className="font-semibold tabular-nums">{key.freq ?? '—'}</span>
          <span className="block text-xs text-slate-500 dark:text-slate-400">{describeEstimate(key)}</span>
        </td>
      );
  }
}

interface KeyTableProps {
  keys: KeyRecord[];
  /** A sampling result: its measured columns come first. */
  sampled: boolean;
  sort: SortColumn;
  dir: SortDirection;
  onSort: (sort: SortColumn, dir: SortDirection) => void;
  selected: string | null;
  onSelect: (id: string | null) => void;
  page: number;
  onPage: (page: number) => void;
}

/** The sorted, filtered keys, one page at a time; arrow keys move the selection. */
export function KeyTable({ keys, sampled, sort, dir, onSort, selected, onSelect, page, onPage }: KeyTableProps) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const columns = sampled ? SAMPLE_COLUMNS : LFU_COLUMNS;
  const rows = keys.slice(page * KEY_PAGE_SIZE, (page + 1) * KEY_PAGE_SIZE);
  // One tab stop for the whole table (arrow keys do the rest): the selected row, else the first one.
  const rowIds = rows.map(keyId);
  const tabStop = selected !== null && rowIds.includes(selected) ? selected : rowIds[0];

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (event.key === 'Escape') onSelect(null);
    if (step === 0) return;
    event.preventDefault();
    const next = keys[page * KEY_PAGE_SIZE + index + step];
    if (!next) return;
    const nextIndex = page * KEY_PAGE_SIZE + index + step;
    if (Math.floor(nextIndex / KEY_PAGE_SIZE) !== page) onPage(Math.floor(nextIndex / KEY_PAGE_SIZE));
    onSelect(keyId(next));
    requestAnimationFrame(() =>
      bodyRef.current?.querySelector<HTMLTableRowElement>(`tr[data-key-id="${CSS.escape(keyId(next))}"]`)?.focus(),
    );
  };

  return (
    <div>
      {/* On a narrow screen the table scrolls inside its own box, never the page. */}
      <div className="overflow-x-auto">
        <table className="data-table min-w-[40rem]" aria-label="Hot keys">
          <thead>
            <tr>
              {columns.map(({ column, label, numeric }) => (
                <th
                  key={column}
                  className={numeric ? 'text-right' : undefined}
                  aria-sort={sort === column ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    className="font-semibold hover:underline"
                    onClick={() => onSort(column, sort === column && dir === 'desc' ? 'asc' : 'desc')}
                  >
                    {label}
                    {sort === column ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody ref={bodyRef}>
            {rows.map((key, index) => {
              const id = keyId(key);
              const isSelected = id === selected;
              return (
                <tr
                  key={id}
                  data-key-id={id}
                  tabIndex={id === tabStop ? 0 : -1}
                  aria-selected={isSelected}
                  onClick={() => onSelect(isSelected ? null : id)}
                  onKeyDown={(event) => onKeyDown(event, index)}
                  className={`cursor-pointer ${isSelected ? 'bg-amber-100 dark:bg-amber-900/60' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
                >
                  {columns.map(({ column }) => (
                    <Cell key={column} column={column} keyRecord={key} />
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div data-not-in-png="">
        <Pager
          label="Key pages"
          offset={page * KEY_PAGE_SIZE}
          limit={KEY_PAGE_SIZE}
          count={keys.length}
          onOffset={(offset) => onPage(Math.floor(offset / KEY_PAGE_SIZE))}
        />
      </div>
    </div>
  );
}
