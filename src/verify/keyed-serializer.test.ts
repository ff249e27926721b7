import { describe, expect, it } from 'vitest';
import { KeyedSerializer } from './keyed-serializer.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedSerializer', () => {
  it('never overlaps tasks with the same key, but lets other keys run alongside', async () => {
    const serializer = new KeyedSerializer();
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    let globalActive = 0;
    let globalPeak = 0;
    const task = (key: string) => async () => {
      active.set(key, (active.get(key) ?? 0) + 1);
      peak.set(key, Math.max(peak.get(key) ?? 0, active.get(key)!));
      globalPeak = Math.max(globalPeak, ++globalActive);
      await tick();
      globalActive--;
      active.set(key, active.get(key)! - 1);
      return key;
    };
    const order: string[] = [];
    await Promise.all(
      ['a', 'a', 'b', 'a', 'b'].map((k, i) => serializer.run(k, task(k)).then(() => order.push(`${k}${i}`))),
    );
    expect(peak.get('a')).toBe(1);
    expect(peak.get('b')).toBe(1);
    expect(globalPeak).toBe(2);
    expect(order.filter((o) => o.startsWith('a'))).toEqual(['a0', 'a1', 'a3']);
  });

  it('runs the next task for a key after the previous one failed', async () => {
    const serializer = new KeyedSerializer();
    const first = serializer.run('k', () => Promise.reject(new Error('no')));
    const second = serializer.run('k', async () => 'yes');
    await expect(first).rejects.toThrow('no');
    expect(await second).toBe('yes');
  });
});
