import type { KeyRecord } from '../../../contract/hotkey-task';

/**
 * A key is identified by database and name: unique within a standalone server and within a cluster
 * (where db is always 0), and stable across analyses even when a failover moves the key to another shard.
 * A binary name (its bytes escaped by the server) gets `b` after the database, so it never shares an id with a
 * key literally named with those escapes: `0/\xff` is four characters, `0b/\xff` the byte 0xff.
 */
export const keyId = (key: Pick<KeyRecord, 'db' | 'name' | 'binary'>): string =>
  `${key.db}${key.binary ? 'b' : ''}/${key.name}`;
