import type { KeyRecord } from '../../../../contract/hotkey-task';
import { KeyName } from '../../../components/key-name';
import { compareText } from '../../../lib/compare-text';
import { keyId } from '../key-id';
import { chartColors } from './chart-colors';
import { KeyTooltip } from './chart-tooltip';
import { ChartWithTable, highlightRow } from './chart-with-table';
import { barsHeight, HorizontalBars, keyLabels } from './horizontal-bars';

export const TOP_N = 20;

interface Row {
  id: string;
  name: string;
  binary?: boolean;
  value: number;
  key: KeyRecord;
}

/** The top keys by one measure (freq, or size in one unit), as horizontal bars and a table. */
export function TopKeysChart<K extends KeyRecord>({
  title,
  note,
  keys,
  measure,
  valueLabel,
  format,
  ticks,
  selected,
  onSelect,
}: {
  title: string;
  note?: string;
  keys: K[];
  measure: (key: K) => number;
  valueLabel: string;
  format: (value: number) => string;
  /** Ticks for the value axis, from the largest value shown. */
  ticks?: (largest: number) => number[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const rows: Row[] = [...keys]
    .sort((a, b) => measure(b) - measure(a) || compareText(a.name, b.name))
    .slice(0, TOP_N)
    .map((key) => ({ id: keyId(key), name: key.name, binary: key.binary, value: measure(key), key }));
  return (
    <ChartWithTable
      title={title}
      note={note}
      height={barsHeight(rows.length, 24)}
      chart={
        <HorizontalBars
          rows={rows}
          {...keyLabels}
          valueKey="value"
          valueName={valueLabel}
          formatValue={format}
          valueTicks={ticks?.(Math.max(0, ...rows.map((row) => row.value)))}
          tooltipContent={(row) => <KeyTooltip keyRecord={row.key} />}
          fill={(row) => (row.id === selected ? chartColors.selected : chartColors.bar)}
          onPick={(row) => onSelect(row.id)}
        />
      }
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Key</th>
              <th className="text-right">{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.id} className={highlightRow(row.id === selected)}>
                <td className="tabular-nums">{index + 1}</td>
                <td className="text-xs">
                  <button className="text-left break-all hover:underline" onClick={() => onSelect(row.id)}>
                    <KeyName name={row.name} binary={row.binary} max={60} />
                  </button>
                </td>
                <td className="text-right tabular-nums">{format(row.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
