import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('AsyncQueue', () => {
  it('gives every item to every consumer, whenever it starts, and ends them all', async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    const early = collect(q);
    const alsoEarly = collect(q);
    await new Promise((r) => setTimeout(r, 5));
    q.push(2);
    q.push(3);
    q.end();
    expect(await early).toEqual([1, 2, 3]);
    expect(await alsoEarly).toEqual([1, 2, 3]);
    expect(await collect(q)).toEqual([1, 2, 3]);
  });

  it('fails every consumer with the producer error, after the items pushed before it', async () => {
    const q = new AsyncQueue<number>();
    const a = collect(q);
    const b = collect(q);
    q.push(1);
    q.fail(new Error('boom'));
    await expect(a).rejects.toThrow('boom');
    await expect(b).rejects.toThrow('boom');
  });
});
