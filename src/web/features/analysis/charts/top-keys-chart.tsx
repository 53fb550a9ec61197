import type { KeyRecord } from '../../../../contract/hotkey-task';
import { keyId } from '../key-id';
import { chartColors } from './chart-colors';
import { ChartWithTable, highlightRow } from './chart-with-table';
import { barsHeight, HorizontalBars, keyLabels } from './horizontal-bars';
import { compareText } from '../../../lib/compare-text';

export const TOP_N = 20;

interface Row {
  id: string;
  name: string;
  value: number;
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
    .map((key) => ({ id: keyId(key), name: key.name, value: measure(key) }));
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
          tooltip={(value) => [format(Number(value)), valueLabel]}
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
                <td className="break-all font-mono text-xs">
                  <button className="text-left hover:underline" onClick={() => onSelect(row.id)}>
                    {row.name}
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
