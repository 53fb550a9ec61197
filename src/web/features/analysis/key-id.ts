import type { KeyRecord } from '../../../contract/hotkey-task';

/**
 * A key is identified by database and name: unique within a standalone server and within a cluster
 * (where db is always 0), and stable across analyses even when a failover moves the key to another shard.
 */
export const keyId = (key: Pick<KeyRecord, 'db' | 'name'>): string => `${key.db}/${key.name}`;
