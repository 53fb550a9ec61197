import { hasFreq, type KeyRecord } from '../../../../contract/hotkey-task';
import { StatePanel } from '../../../components/state-panel';
import { formatByteRate, formatRate, formatSize } from '../../../lib/format';
import { groupMeasureOf, groupTotals } from '../group-totals';
import { namespaceOf } from '../namespaces';
import type { ChartKind, SizeUnitChoice, ViewState } from '../view-state';
import { freqTicks, linearByteTicks } from './axis-ticks';
import { FreqSizeScatter } from './freq-size-scatter';
import { GroupTotalsChart } from './group-totals-chart';
import { TopKeysChart } from './top-keys-chart';

export interface ChartViewProps {
  kind: ChartKind;
  keys: KeyRecord[];
  view: ViewState;
  onSelect: (id: string) => void;
  onChange: (patch: Partial<ViewState>) => void;
}

const toggle = <T,>(values: readonly T[], value: T): T[] =>
  values.includes(value) ? values.filter((v) => v !== value) : [...values, value];

function UnitSwitch({ unit, onChange }: { unit: SizeUnitChoice; onChange: (unit: SizeUnitChoice) => void }) {
  return (
    <div role="radiogroup" aria-label="Size unit" className="mb-2 flex flex-wrap gap-1 text-sm" data-not-in-png="">
      {(['byte', 'count'] as const).map((value) => (
        <button
          key={value}
          role="radio"
          aria-checked={unit === value}
          className={`btn ${unit === value ? 'btn-primary' : ''}`}
          onClick={() => onChange(value)}
        >
          {value === 'byte' ? 'Strings (bytes: B, KiB, MiB)' : 'Collections (elements)'}
        </button>
      ))}
    </div>
  );
}

/** The lazily loaded chart bundle: everything that needs recharts is reached from here. */
export default function ChartView({ kind, keys, view, onSelect, onChange }: ChartViewProps) {
  // Sampling results are not offered the freq charts; a cloud record may still come without freqs.
  const onFreqAxis = kind === 'freq' || kind === 'scatter';
  const withFreq = onFreqAxis ? keys.filter(hasFreq) : [];
  if (onFreqAxis && withFreq.length === 0) {
    return (
      <StatePanel tone="neutral" title="No freq to chart">
        These keys carry no freq (no LFU counter was read): the other charts show them by size, database and type.
      </StatePanel>
    );
  }
  const measure = groupMeasureOf(keys);
  const sampled = keys.filter((key) => key.sample);
  switch (kind) {
    case 'rate':
      return (
        <TopKeysChart
          title="Top keys by accesses per second, as MONITOR counted them"
          note="Every command on the key over the time MONITOR ran, reads and writes together; the table above gives each rate's 95% interval."
          keys={sampled}
          measure={(key) => key.sample?.per_second ?? 0}
          valueLabel="accesses/s"
          format={formatRate}
          selected={view.key}
          onSelect={onSelect}
        />
      );
    case 'bytes':
      return (
        <TopKeysChart
          title="Top keys by bytes served per second (estimate): the big-hot view"
          note="The key's size times what each command returns (a GET the whole string, HGETALL the whole hash, HGET one field); writes return none. An estimate: see the README's rule table."
          keys={sampled.filter((key) => key.sample?.bytes_per_second !== undefined)}
          measure={(key) => key.sample?.bytes_per_second ?? 0}
          valueLabel="bytes/s (estimate)"
          format={formatByteRate}
          ticks={linearByteTicks}
          selected={view.key}
          onSelect={onSelect}
        />
      );
    case 'freq':
      return (
        <TopKeysChart
          title="Top keys by freq (the LFU counter, 0–255, on a linear axis)"
          note="freq grows logarithmically with hits: each step takes more hits than the last. The table and tooltips give the estimated hits and rate."

          keys={withFreq}
          measure={(key) => key.freq}
          valueLabel="freq"
          format={String}
          ticks={freqTicks}
          selected={view.key}
          onSelect={onSelect}
        />
      );
    case 'size':
      return (
        <>
          <UnitSwitch unit={view.unit} onChange={(unit) => onChange({ unit })} />
          <TopKeysChart
            title={
              view.unit === 'byte' ? 'Biggest strings, in bytes (B, KiB, MiB)' : 'Biggest collections, in elements'
            }
            note="Bytes and element counts are not comparable, so each has its own chart."
            keys={keys.filter((key) => key.unit === view.unit)}
            measure={(key) => key.size}
            valueLabel={view.unit === 'byte' ? 'bytes' : 'elements'}
            format={(value) => formatSize(value, view.unit)}
            selected={view.key}
            onSelect={onSelect}
          />
        </>
      );
    case 'scatter':
      return (
        <>
          <UnitSwitch unit={view.unit} onChange={(unit) => onChange({ unit })} />
          <FreqSizeScatter keys={withFreq} unit={view.unit} selected={view.key} onSelect={onSelect} />
        </>
      );
    case 'shard':
      return (
        <GroupTotalsChart
          title="Hot keys by shard"
          groupLabel="Shard"
          measure={measure}
          groups={groupTotals(keys, (key) => key.shard ?? 'standalone')}
          active={view.shards}
          onPick={(shard) => shard !== 'standalone' && onChange({ shards: toggle(view.shards, shard) })}
        />
      );
    case 'db':
      return (
        <GroupTotalsChart
          title="Hot keys by database"
          groupLabel="Database"
          measure={measure}
          groups={groupTotals(keys, (key) => `db${key.db}`)}
          active={view.dbs.map((db) => `db${db}`)}
          onPick={(label) => onChange({ dbs: toggle(view.dbs, Number(label.slice(2))) })}
        />
      );
    case 'type':
      return (
        <GroupTotalsChart
          title="Hot keys by type"
          groupLabel="Type"
          measure={measure}
          groups={groupTotals(keys, (key) => key.type)}
          active={view.types}
          onPick={(type) => onChange({ types: toggle(view.types, type) })}
        />
      );
    case 'namespace':
      return (
        <GroupTotalsChart
          title={`Namespaces (prefix before the first "${view.delimiter}")`}
          groupLabel="Namespace"
          measure={measure}
          groups={groupTotals(keys, (key) => namespaceOf(key.name, view.delimiter))}
          active={view.namespace === null ? [] : [view.namespace]}
          onPick={(namespace) => onChange({ namespace: view.namespace === namespace ? null : namespace })}
        />
      );
  }
}
