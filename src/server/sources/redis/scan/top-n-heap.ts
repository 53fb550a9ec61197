/**
 * The N best items seen so far, in memory bounded by N whatever the number offered: a min-heap whose root
 * is the worst item kept, so a new item is compared with it in O(1) and replaces it in O(log N).
 * `compare(a, b) < 0` means a ranks before (is better than) b; it must be a total order for the result
 * to be exact. Items with the same identity are kept once (SCAN may return a key twice).
 */
export class TopNHeap<T> {
  readonly #items: T[] = [];
  readonly #ids = new Set<string>();

  constructor(
    readonly capacity: number,
    private readonly compare: (a: T, b: T) => number,
    private readonly identity: (item: T) => string,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`top-N capacity must be >= 1, got ${capacity}`);
  }

  get size(): number {
    return this.#items.length;
  }

  get full(): boolean {
    return this.#items.length >= this.capacity;
  }

  /** The item that would be evicted next, i.e. the bar a new item must pass once the heap is full. */
  get worst(): T | undefined {
    return this.#items[0];
  }

  /** Offers an item; returns whether it was kept. */
  offer(item: T): boolean {
    const items = this.#items;
    if (this.full && this.compare(item, items[0] as T) >= 0) return false;
    const id = this.identity(item);
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (!this.full) {
      items.push(item);
      this.#siftUp(items.length - 1);
    } else {
      this.#ids.delete(this.identity(items[0] as T));
      items[0] = item;
      this.#siftDown(0);
    }
    return true;
  }

  /** The kept items, best first. */
  sorted(): T[] {
    return [...this.#items].sort(this.compare);
  }

  // Heap order: a parent ranks after (is worse than) its children.
  #worse(i: number, j: number): boolean {
    return this.compare(this.#items[i] as T, this.#items[j] as T) > 0;
  }

  #swap(i: number, j: number): void {
    const items = this.#items;
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }

  #siftUp(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#worse(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #siftDown(index: number): void {
    const n = this.#items.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < n && this.#worse(left, worst)) worst = left;
      if (right < n && this.#worse(right, worst)) worst = right;
      if (worst === i) return;
      this.#swap(i, worst);
      i = worst;
    }
  }
}
