import { keyNameEncodingSchema } from '../../../contract/key-history';
import type { KeyRef } from '../../api/queries/key-history';

/** The key a link names (`?db=N&key=NAME[&encoding=E]`), or what is wrong with the link. */
export function readKeyRef(params: URLSearchParams): KeyRef | { problem: string } {
  const db = params.get('db');
  const key = params.get('key');
  if (key === null) return { problem: 'The link names no key (its "key" parameter is missing).' };
  if (db === null || !/^(0|[1-9]\d{0,8})$/.test(db)) {
    return { problem: 'The link names no database (its "db" parameter must be a number such as 0).' };
  }
  const encoding = params.get('encoding');
  if (encoding === null) return { db: Number(db), key };
  const parsed = keyNameEncodingSchema.safeParse(encoding);
  if (!parsed.success) return { problem: 'The link names the key in an unknown encoding (it must be utf8 or binary).' };
  return { db: Number(db), key, encoding: parsed.data };
}
