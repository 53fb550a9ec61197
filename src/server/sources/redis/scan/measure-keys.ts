import type { KeyWithFreq } from '../../../../contract/hotkey-task';
import { keyNameFields } from './key-name';
import type { Candidate } from './key-rank';
import type { ShardConnection } from './shard-connection';

/** How each core type is sized; any other (module) type is sized by MEMORY USAGE in bytes. */
const SIZE_COMMANDS: Record<string, { command: string; unit: 'byte' | 'count' }> = {
  string: { command: 'STRLEN', unit: 'byte' },
  list: { command: 'LLEN', unit: 'count' },
  set: { command: 'SCARD', unit: 'count' },
  zset: { command: 'ZCARD', unit: 'count' },
  hash: { command: 'HLEN', unit: 'count' },
  stream: { command: 'XLEN', unit: 'count' },
};

const sizeOf = (connection: ShardConnection, type: string, key: Buffer): Promise<number | null> => {
  const known = SIZE_COMMANDS[type];
  if (known) {
    // WRONGTYPE: the key was replaced by one of another type since TYPE; it is no longer the key scanned.
    return connection.send<number>([known.command, key]).catch(() => null);
  }
  return connection
    .send<number | null>(['MEMORY', 'USAGE', key])
    .then((bytes) => bytes ?? 0)
    .catch(() => 0);
};

/**
 * TYPE and size of the kept keys of one server, in two pipelined round trips per database. A key gone
 * since the scan has no record.
 */
export async function measureKeys(
  connection: ShardConnection,
  candidates: Candidate[],
): Promise<Map<Candidate, KeyWithFreq>> {
  const measured = new Map<Candidate, KeyWithFreq>();
  const databases = [...new Set(candidates.map((c) => c.db))];
  for (const db of databases) {
    const inDb = candidates.filter((c) => c.db === db);
    if (inDb[0]?.shard === null) await connection.wait(connection.send(['SELECT', String(db)]));
    const types = await connection.wait(
      Promise.all(inDb.map((c) => connection.send<string | Buffer>(['TYPE', c.key]).then(String))),
    );
    const sizes = await connection.wait(
      Promise.all(inDb.map((c, i) => (types[i] === 'none' ? null : sizeOf(connection, types[i] ?? 'none', c.key)))),
    );
    inDb.forEach((c, i) => {
      const type = types[i] ?? 'none';
      const size = sizes[i];
      if (type === 'none' || size === null || size === undefined) return;
      measured.set(c, {
        ...keyNameFields(c.key),
        type,
        shard: c.shard,
        db,
        size,
        unit: SIZE_COMMANDS[type]?.unit ?? 'byte',
        freq: c.freq,
      });
    });
  }
  return measured;
}
