import { type KeyNameEncoding, PLAIN_NAME_ENCODING } from '../../contract/key-history';

/** The SPA's own addresses: the router's route patterns and the links to them, side by side so they agree. */

export const instanceRoute = 'instances/:instanceId';
export const taskRoute = `${instanceRoute}/tasks/:taskId`;

export const instanceUrl = (instanceId: string) => `/instances/${encodeURIComponent(instanceId)}`;

export const taskUrl = (instanceId: string, taskId: string) =>
  `${instanceUrl(instanceId)}/tasks/${encodeURIComponent(taskId)}`;

export const keyRoute = `${instanceRoute}/keys`;
export const watchRoute = `${instanceRoute}/watches/:watchId`;

/** The key page: `db` and `key` exactly as the records carry them, `encoding=binary` for an escaped binary name. */
export function keyUrl(instanceId: string, key: { db: number; name: string; encoding?: KeyNameEncoding }): string {
  const query = new URLSearchParams({ db: String(key.db), key: key.name });
  if (key.encoding && key.encoding !== PLAIN_NAME_ENCODING) query.set('encoding', key.encoding);
  return `${instanceUrl(instanceId)}/keys?${query}`;
}

export const watchUrl = (instanceId: string, watchId: string) =>
  `${instanceUrl(instanceId)}/watches/${encodeURIComponent(watchId)}`;
