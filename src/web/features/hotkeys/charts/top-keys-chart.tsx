import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { KeyRecord } from '../../../../contract/hotkey-task';
import { keyId } from '../key-id';
import { axisTick, chartColors } from './chart-colors';
import { ChartWithTable } from './chart-with-table';
import { compareText } from '../../../lib/compare-text';

export const TOP_N = 20;

interface Row {
  id: string;
  name: string;
  value: number;
}

const shorten = (name: string) => (name.length > 28 ? `${name.slice(0, 27)}…` : name);

/** The top keys by one measure (freq, or size in one unit), as horizontal bars and a table. */
export function TopKeysChart<K extends KeyRecord>({
  title,
  note,
  keys,
  measure,
  valueLabel,
  format,
  selected,
  onSelect,
}: {
  title: string;
  note?: string;
  keys: K[];
  measure: (key: K) => number;
  valueLabel: string;
  format: (value: number) => string;
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
      height={Math.max(160, rows.length * 24 + 40)}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 24 }}>
            <CartesianGrid horizontal={false} stroke={chartColors.grid} strokeOpacity={0.3} />
            <XAxis type="number" tick={axisTick} tickFormatter={format} />
            <YAxis type="category" dataKey="name" width={200} tick={axisTick} tickFormatter={shorten} interval={0} />
            <Tooltip formatter={(value) => [format(Number(value)), valueLabel]} labelClassName="text-slate-900" />
            <Bar
              dataKey="value"
              name={valueLabel}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(entry) => onSelect((entry.payload as Row).id)}
            >
              {rows.map((row) => (
                <Cell key={row.id} fill={row.id === selected ? chartColors.selected : chartColors.bar} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
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
              <tr key={row.id} className={row.id === selected ? 'bg-amber-100 dark:bg-amber-900/60' : undefined}>
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
