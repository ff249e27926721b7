import { describe, expect, it } from 'vitest';
import { retryOnThrottle } from './throttle-retry.js';

const FAST = { retries: 3, baseDelayMs: 1, maxDelayMs: 2 };
const throttled = Object.assign(new Error('Rate exceeded'), { throttle: true });
const isThrottle = (e: unknown) => (e as { throttle?: boolean }).throttle === true;

describe('retryOnThrottle', () => {
  it('retries throttling until it succeeds', async () => {
    let n = 0;
    const out = await retryOnThrottle(
      async () => {
        if (++n < 3) throw throttled;
        return 'ok';
      },
      isThrottle,
      FAST,
    );
    expect(out).toBe('ok');
    expect(n).toBe(3);
  });

  it('stops after the allowed retries and rethrows', async () => {
    let n = 0;
    await expect(
      retryOnThrottle(
        async () => {
          n++;
          throw throttled;
        },
        isThrottle,
        FAST,
      ),
    ).rejects.toBe(throttled);
    expect(n).toBe(4);
  });

  it('never retries any other failure', async () => {
    let n = 0;
    const other = new Error('SignatureDoesNotMatch');
    await expect(
      retryOnThrottle(
        async () => {
          n++;
          throw other;
        },
        isThrottle,
        FAST,
      ),
    ).rejects.toBe(other);
    expect(n).toBe(1);
  });
});
