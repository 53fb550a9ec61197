/** What one window of MONITOR saw of one key. */
export interface KeyAccess {
  key: Buffer;
  db: number;
  count: number;
  /** Accesses by command name (`GET`, `SET`...): reads and writes told apart. */
  commands: Map<string, number>;
}

/**
 * Accesses per (database, key) of one server. It grows with the distinct keys touched in the window, which
 * the sampling byte limit bounds (every key counted arrived in at least one line).
 */
export class AccessCounts {
  readonly #keys = new Map<string, KeyAccess>();
  /** Command lines seen, keyed or not. */
  lines = 0;

  record(db: number, key: Buffer, command: string): void {
    // latin1 maps every byte to one character, so distinct binary keys get distinct ids.
    const id = `${db}\n${key.toString('latin1')}`;
    let access = this.#keys.get(id);
    if (!access) {
      // The key may be a view into the socket's buffer: keep a copy, not the whole chunk.
      access = { key: Buffer.from(key), db, count: 0, commands: new Map() };
      this.#keys.set(id, access);
    }
    access.count++;
    access.commands.set(command, (access.commands.get(command) ?? 0) + 1);
  }

  get distinctKeys(): number {
    return this.#keys.size;
  }

  values(): IterableIterator<KeyAccess> {
    return this.#keys.values();
  }
}
