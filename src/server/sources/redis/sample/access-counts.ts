/** What one window of MONITOR saw of one key. */
export interface KeyAccess {
  key: Buffer;
  db: number;
  count: number;
  /** Accesses by command name (`GET`, `SET`...): reads and writes told apart. */
  commands: Map<string, number>;
  /** Accesses by commands the server flags `write`. */
  writes: number;
  /** Accesses by client address, as MONITOR names the client. */
  clients: Map<string, number>;
  /** Reads by how much of the key each reply carried (see reply-reach.ts): reach -> calls. */
  reaches: Map<number, number>;
}

const increment = <K>(map: Map<K, number>, key: K): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/**
 * Accesses per (database, key) of one server, and per client over all keys. It grows with the distinct keys
 * and clients in the window, which the sampling byte limit bounds (every key counted arrived in at least one
 * line).
 */
export class AccessCounts {
  readonly #keys = new Map<string, KeyAccess>();
  /** Key accesses per client address, over every key. */
  readonly clients = new Map<string, number>();
  /** Command lines seen, keyed or not. */
  lines = 0;

  /**
   * One access of `key` by `client`; `reach` is what the reply carried (see reply-reach.ts), ignored for a
   * write. Arguments, not an object: this runs for every key of every line MONITOR sends.
   */
  record(db: number, key: Buffer, command: string, client: string, write: boolean, reach: number): void {
    // latin1 maps every byte to one character, so distinct binary keys get distinct ids.
    const id = `${db}\n${key.toString('latin1')}`;
    let access = this.#keys.get(id);
    if (!access) {
      // The key may be a view into the socket's buffer: keep a copy, not the whole chunk.
      access = {
        key: Buffer.from(key),
        db,
        count: 0,
        commands: new Map(),
        writes: 0,
        clients: new Map(),
        reaches: new Map(),
      };
      this.#keys.set(id, access);
    }
    access.count++;
    increment(access.commands, command);
    increment(access.clients, client);
    increment(this.clients, client);
    if (write) access.writes++;
    else if (reach > 0) increment(access.reaches, reach);
  }

  get distinctKeys(): number {
    return this.#keys.size;
  }

  values(): IterableIterator<KeyAccess> {
    return this.#keys.values();
  }
}
