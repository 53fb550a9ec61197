import type { KeyRecord } from '../../../../contract/hotkey-task';
import { KeyName } from '../../../components/key-name';
import { formatSize } from '../../../lib/format';
import { describeEstimate, describeMeasured } from '../freq-estimate';
import { KeyTimelineLink } from './key-timeline-link';

/** The selected key spelled out, so a screenshot says which bar is highlighted and why. */
export function SelectedKey({
  instanceId,
  keyRecord,
  onClear,
}: {
  instanceId: string;
  keyRecord: KeyRecord;
  onClear: () => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 rounded border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm dark:border-amber-700 dark:bg-amber-950">
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
  );
}
