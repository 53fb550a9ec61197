import type { KeyRecord } from '../../../../contract/hotkey-task';
import { KeyName } from '../../../components/key-name';
import { formatSize } from '../../../lib/format';
import { describeEstimate, describeMeasured } from '../freq-estimate';
import { KeyDrivers } from '../sampling/key-drivers';
import { KeyTimelineLink } from './key-timeline-link';

/** The selected key spelled out, so a screenshot says which bar is highlighted and why. */
export function SelectedKey({
  instanceId,
  keyRecord,
  keys,
  onClear,
}: {
  instanceId: string;
  keyRecord: KeyRecord;
  /** Every key of the result: some advice depends on the key's neighbours (a shared hash tag). */
  keys: readonly KeyRecord[];
  onClear: () => void;
}) {
  return (
    <section
      aria-label="Selected key"
      className="space-y-3 rounded border border-amber-300 bg-amber-50 px-3 py-1.5 dark:border-amber-700 dark:bg-amber-950"
    >
      <div className="flex flex-wrap items-center gap-x-3 text-sm">
        <span className="font-medium">Selected:</span>
        <KeyName name={keyRecord.name} binary={keyRecord.binary} className="break-all text-xs" />
        <span>
          {keyRecord.type}, db {keyRecord.db}
          {keyRecord.shard ? `, shard ${keyRecord.shard}` : ''}, {formatSize(keyRecord.size, keyRecord.unit)}
        </span>
        <span>
          freq <strong>{keyRecord.freq ?? '—'}</strong>: {describeEstimate(keyRecord)}
        </span>
        {keyRecord.sample && <span>{describeMeasured(keyRecord)}</span>}
        <KeyTimelineLink instanceId={instanceId} keyRecord={keyRecord} />
        <button className="btn ml-auto" onClick={onClear} data-not-in-png="">
          Clear selection
        </button>
      </div>
      <KeyDrivers keyRecord={keyRecord} keys={keys} />
    </section>
  );
}
