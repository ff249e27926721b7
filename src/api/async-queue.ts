/**
 * A queue behind async iterators, for any number of consumers: the producer pushes as it goes,
 * and every iterator (started before, during or after) gets every item in order. Items are
 * kept, not consumed: a scan's findings are all kept for its report anyway, so replaying them
 * costs nothing, and two loops over one stream cannot steal each other's items or hang.
 * Ends with `end()`, or with the producer's error via `fail()`.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #done = false;
  #error: unknown;
  #failed = false;
  #waiting = new Set<() => void>();

  push(item: T): void {
    this.#items.push(item);
    this.#notify();
  }

  end(): void {
    this.#done = true;
    this.#notify();
  }

  fail(err: unknown): void {
    this.#error = err;
    this.#failed = true;
    this.#done = true;
    this.#notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (let next = 0; ; ) {
      if (next < this.#items.length) {
        yield this.#items[next++] as T;
        continue;
      }
      if (this.#failed) throw this.#error;
      if (this.#done) return;
      await new Promise<void>((resolve) => this.#waiting.add(resolve));
    }
  }

  #notify(): void {
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    for (const wake of waiting) wake();
  }
}
