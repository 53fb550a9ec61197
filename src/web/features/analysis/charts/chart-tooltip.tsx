import type { ReactNode } from 'react';
import type { KeyRecord } from '../../../../contract/hotkey-task';
import { KeyName } from '../../../components/key-name';
import { formatSize } from '../../../lib/format';
import { describeEstimate, describeMeasured } from '../freq-estimate';

/** The box every chart's tooltip is drawn in: a title line, then the readings the table beside it gives. */
export function ChartTooltip({ title, lines }: { title: ReactNode; lines: (ReactNode | null | false)[] }) {
  return (
    <div className="max-w-xs rounded border border-slate-300 bg-white px-3 py-2 text-xs text-slate-900 shadow dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100">
      <div className="mb-1 font-semibold break-all">{title}</div>
      {lines.filter(Boolean).map((line, index) => (
        <div key={index}>{line}</div>
      ))}
    </div>
  );
}

/** A key's tooltip: its name, what it is and where, and its freq explained as the key table explains it. */
export function KeyTooltip({ keyRecord }: { keyRecord: KeyRecord }) {
  return (
    <ChartTooltip
      title={<KeyName name={keyRecord.name} binary={keyRecord.binary} max={80} />}
      lines={[
        `freq ${keyRecord.freq ?? '—'}: ${describeEstimate(keyRecord)}`,
        describeMeasured(keyRecord),
        `${keyRecord.type}, db ${keyRecord.db}${keyRecord.shard ? `, shard ${keyRecord.shard}` : ''}, ${formatSize(keyRecord.size, keyRecord.unit)}`,
      ]}
    />
  );
}
