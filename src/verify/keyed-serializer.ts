/**
 * Runs tasks sharing a key one after another (tasks with different keys run freely). AWS
 * rejects calls with one key id and different secrets made close together, so calls for one
 * key id must not overlap.
 */
export class KeyedSerializer {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
