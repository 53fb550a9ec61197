import type { KeyRecord } from '../../../../contract/hotkey-task';
import { TopKeysChart } from './top-keys-chart';

export interface ChartViewProps {
  keys: KeyRecord[];
  selected: string | null;
  onSelect: (id: string) => void;
}

/** The lazily loaded chart bundle: everything that needs recharts is reached from here. */
export default function ChartView({ keys, selected, onSelect }: ChartViewProps) {
  return (
    <TopKeysChart
      title="Top keys by freq"
      keys={keys}
      measure={(key) => key.freq}
      valueLabel="freq"
      format={String}
      selected={selected}
      onSelect={onSelect}
    />
  );
}
