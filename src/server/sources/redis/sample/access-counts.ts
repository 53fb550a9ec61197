import { WHOLE } from './reply-reach';

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
  /** Reads whose reply carried the whole value. */
  wholeReads: number;
  /** The other reads with a value, by how many elements (bytes of a string) each carried: reach -> calls. */
  partReads: Map<number, number>;
}

const increment = <K>(map: Map<K, number>, key: K): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/**
 * Accesses per (database, key) of one server, and per client of each key. It grows with the distinct keys and
 * clients in the window, which the sampling byte limit bounds (every key counted arrived in at least one line).
 */
export class AccessCounts {
  readonly #keys = new Map<string, KeyAccess>();
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
        wholeReads: 0,
        partReads: new Map(),
      };
      this.#keys.set(id, access);
    }
    access.count++;
    increment(access.commands, command);
    increment(access.clients, client);
    if (write) access.writes++;
    else if (reach === WHOLE) access.wholeReads++;
    else if (reach > 0) increment(access.partReads, reach);
  }

  /** Key accesses per client address, over every key: summed once, after the window. */
  clientTotals(): Map<string, number> {
    const totals = new Map<string, number>();
    for (const access of this.#keys.values()) {
      for (const [client, count] of access.clients) totals.set(client, (totals.get(client) ?? 0) + count);
    }
    return totals;
  }

  get distinctKeys(): number {
    return this.#keys.size;
  }

  values(): IterableIterator<KeyAccess> {
    return this.#keys.values();
  }
}
