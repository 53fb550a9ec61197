import type { AnalysisMethod, ScanType } from '../../../contract/hotkey-task';
import type { KeyHistory, KeyHistoryPoint, KeyTrend } from '../../../contract/key-history';
import { describeDecayRule } from '../../../contract/lfu-decay';
import { formatDuration, formatRate, formatUtc } from '../../lib/format';

/** One analysis on the key's timeline: a reading of the key, or a gap where its top list did not hold it. */
export interface TimelineRow {
  task_id: string;
  at: string;
  t: number;
  method: AnalysisMethod;
  scan_type: ScanType;
  point?: KeyHistoryPoint;
  /** A gap: how many keys that analysis kept without this one. */
  notInTop?: number;
}

/** Points and gaps in the order they happened. */
export function timelineRows(history: KeyHistory): TimelineRow[] {
  const rows: TimelineRow[] = [
    ...history.points.map((point) => ({ ...base(point), point })),
    ...history.not_listed.map((gap) => ({ ...base(gap), notInTop: gap.num })),
  ];
  return rows.sort((a, b) => a.t - b.t);
}

const base = (item: { task_id: string; at: string; method: AnalysisMethod; scan_type: ScanType }) => ({
  task_id: item.task_id,
  at: item.at,
  t: Date.parse(item.at),
  method: item.method,
  scan_type: item.scan_type,
});

/** The gaps after the key's latest reading: it has dropped out of the newest top lists. */
export const gapsSinceLastSeen = (rows: readonly TimelineRow[]): TimelineRow[] => {
  const lastSeen = rows.findLastIndex((row) => row.point);
  return rows.slice(lastSeen + 1);
};

const measureWords = { freq: 'freq', per_second: 'measured rate' } as const;
const valueWords = (trend: KeyTrend, value: number) => (trend.measure === 'freq' ? String(value) : formatRate(value));

/** "Rising: freq 12 → 18 → 40 over the latest 3 readings, …": the verdict and the readings it rests on. */
export function describeTrend(trend: KeyTrend, points: readonly KeyHistoryPoint[]): string {
  const { readings } = trend;
  const first = readings[0]!;
  const last = readings.at(-1)!;
  const values = readings.map((reading) => valueWords(trend, reading.value)).join(' → ');
  const span = `${readings.length} readings from ${formatUtc(first.at)} to ${formatUtc(last.at)}`;
  const verdict = trend.direction[0]!.toUpperCase() + trend.direction.slice(1);
  const evidence = `${measureWords[trend.measure]} ${values} over the latest ${span}`;
  if (!trend.idleDecay) return `${verdict}: ${evidence}.`;
  const decayTime = points.find((point) => point.task_id === first.task_id)?.lfu?.decay_time ?? 0;
  const elapsed = Date.parse(last.at) - Date.parse(first.at);
  return (
    `Falling by idle decay: ${evidence}. Over ${formatDuration(elapsed)} that is no more than the counter loses ` +
    `without any access. ${describeDecayRule(elapsed, decayTime)}`
  );
}
