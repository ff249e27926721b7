export interface ThrottleRetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff; doubles each retry. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_THROTTLE_RETRY: ThrottleRetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 4000 };

/**
 * Retries `attempt` only while `isThrottle` says the failure was throttling, with exponential
 * backoff and jitter (half fixed, half random, so retries never bunch up yet always wait).
 * Any other failure is final at once: retrying a wrong secret only adds noise to the owner's
 * CloudTrail. The last error is rethrown.
 */
export async function retryOnThrottle<T>(
  attempt: () => Promise<T>,
  isThrottle: (err: unknown) => boolean,
  policy: ThrottleRetryPolicy = DEFAULT_THROTTLE_RETRY,
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= policy.retries || !isThrottle(err)) throw err;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** i);
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
