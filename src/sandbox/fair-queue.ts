/**
 * First in, first out per key, round-robin between keys: one workspace queueing thousands of
 * evaluations delays another workspace's next evaluation by at most one turn.
 */
export class FairQueue<T> {
  readonly #byKey = new Map<string, T[]>();
  /** Keys with queued items, in turn order. */
  readonly #turns: string[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(key: string, item: T): void {
    this.#queueOf(key).push(item);
    this.#size++;
  }

  /** Puts an item back at the head of its key's queue and gives that key the next turn. */
  unshift(key: string, item: T): void {
    const queue = this.#byKey.get(key);
    if (queue === undefined) {
      this.#byKey.set(key, [item]);
      this.#turns.unshift(key);
    } else {
      queue.unshift(item);
    }
    this.#size++;
  }

  shift(): T | undefined {
    const key = this.#turns.shift();
    if (key === undefined) return undefined;
    const queue = this.#byKey.get(key)!;
    const item = queue.shift()!;
    this.#size--;
    if (queue.length === 0) this.#byKey.delete(key);
    else this.#turns.push(key);
    return item;
  }

  /** Removes and returns every queued item. */
  drain(): T[] {
    const items: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) items.push(item);
    return items;
  }

  #queueOf(key: string): T[] {
    let queue = this.#byKey.get(key);
    if (queue === undefined) {
      queue = [];
      this.#byKey.set(key, queue);
      this.#turns.push(key);
    }
    return queue;
  }
}
