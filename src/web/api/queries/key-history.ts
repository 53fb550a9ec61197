import { queryOptions } from '@tanstack/react-query';
import { type KeyNameEncoding, keyHistorySchema } from '../../../contract/key-history';
import { api } from '../api-client';
import { instanceKey, instancePath } from './instances';

/** A key as the key page and its link name it: database, name as the records write it, `binary` if escaped. */
export interface KeyRef {
  db: number;
  key: string;
  encoding?: KeyNameEncoding;
}

const keyHistoryPath = (instanceId: string, ref: KeyRef) => {
  const query = new URLSearchParams({ db: String(ref.db), key: ref.key });
  if (ref.encoding) query.set('encoding', ref.encoding);
  return `${instancePath(instanceId)}/key-history?${query}`;
};

/**
 * One key across the instance's kept analyses. Under the instance's key, so that an analysis ending refreshes it;
 * quick while an analysis is under way (a point may come), and now and then otherwise (a schedule may add one).
 */
export const keyHistoryQuery = (instanceId: string, ref: KeyRef) =>
  queryOptions({
    queryKey: [...instanceKey(instanceId), 'key-history', ref],
    queryFn: () => api.get(keyHistoryPath(instanceId, ref), keyHistorySchema),
    refetchInterval: (query) => (query.state.data?.active ? 3000 : 60_000),
  });
