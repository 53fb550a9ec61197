import { useMemo } from 'react';
import type { KeyRecord } from '../../../../contract/hotkey-task';
import { ToggleChips } from '../../../components/toggle-chips';
import type { KeyFilters, ViewState } from '../view-state';

const distinct = <T,>(values: T[]): T[] => [...new Set(values)];

/** Filters offered from the values the task actually holds; they drive table, charts and exports alike. */
export function FilterBar({
  keys,
  filters,
  onChange,
}: {
  keys: readonly KeyRecord[];
  filters: KeyFilters;
  onChange: (patch: Partial<ViewState>) => void;
}) {
  const options = useMemo(
    () => ({
      shards: distinct(keys.flatMap((key) => (key.shard ? [key.shard] : []))).sort(),
      dbs: distinct(keys.map((key) => key.db)).sort((a, b) => a - b),
      types: distinct(keys.map((key) => key.type)).sort(),
    }),
    [keys],
  );
  const active =
    filters.shards.length + filters.dbs.length + filters.types.length > 0 ||
    filters.name !== '' ||
    filters.minFreq > 0 ||
    filters.namespace !== null;
  return (
    <div
      className="flex flex-wrap items-end gap-x-5 gap-y-2 rounded-lg bg-slate-100 p-3 dark:bg-slate-800/60"
      role="search"
      aria-label="Filter keys"
    >
      <label className="flex flex-col text-xs font-medium text-slate-600 dark:text-slate-400">
        Key name (text or glob like user:*)
        <input
          className="input mt-0.5 w-64 font-mono"
          type="search"
          value={filters.name}
          onChange={(event) => onChange({ name: event.target.value })}
          placeholder="e.g. session or user:*:cart"
        />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600 dark:text-slate-400">
        Minimum freq
        <input
          className="input mt-0.5 w-24"
          type="number"
          min={0}
          max={255}
          value={filters.minFreq || ''}
          placeholder="0"
          onChange={(event) => onChange({ minFreq: Math.min(255, Math.max(0, Number(event.target.value) || 0)) })}
        />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600 dark:text-slate-400">
        Namespace delimiter
        <input
          className="input mt-0.5 w-16 font-mono"
          value={filters.delimiter}
          maxLength={3}
          onChange={(event) => onChange({ delimiter: event.target.value || ':', namespace: null })}
        />
      </label>
      {filters.namespace !== null && (
        <button className="btn" onClick={() => onChange({ namespace: null })} aria-label="Remove the namespace filter">
          Namespace <span className="font-mono">{filters.namespace}</span> ✕
        </button>
      )}
      {active && (
        <button
          className="btn"
          onClick={() => onChange({ shards: [], dbs: [], types: [], name: '', minFreq: 0, namespace: null })}
        >
          Clear filters
        </button>
      )}
      {options.shards.length > 0 && (
        <ToggleChips
          label="Shard"
          options={options.shards}
          selected={filters.shards}
          onChange={(shards) => onChange({ shards })}
        />
      )}
      {options.dbs.length > 1 && (
        <ToggleChips
          label="Database"
          options={options.dbs}
          selected={filters.dbs}
          onChange={(dbs) => onChange({ dbs })}
          format={(db) => `db${db}`}
        />
      )}
      <ToggleChips
        label="Type"
        options={options.types}
        selected={filters.types}
        onChange={(types) => onChange({ types })}
      />
    </div>
  );
}
