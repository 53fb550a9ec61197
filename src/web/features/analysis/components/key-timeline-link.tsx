import { Link } from 'react-router';
import type { KeyRecord } from '../../../../contract/hotkey-task';
import { nameEncodingOf } from '../../../../contract/key-history';
import { keyUrl } from '../../../lib/app-urls';

/** To the key page: this key across every kept analysis of the instance. */
export function KeyTimelineLink({ instanceId, keyRecord }: { instanceId: string; keyRecord: KeyRecord }) {
  return (
    <Link
      className="font-medium text-sky-700 underline dark:text-sky-400"
      to={keyUrl(instanceId, { db: keyRecord.db, name: keyRecord.name, encoding: nameEncodingOf(keyRecord) })}
      data-not-in-png=""
    >
      Timeline of this key
    </Link>
  );
}
