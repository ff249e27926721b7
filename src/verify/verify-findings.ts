import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import type { Verification } from '../model/verification.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { KeyedSerializer } from './keyed-serializer.js';
import { DEFAULT_THROTTLE_RETRY, retryOnThrottle, type ThrottleRetryPolicy } from './throttle-retry.js';
import { decideBeforeCall, type Outcome, type PairToSend } from './verify-decision.js';
import { outcomeOfFailure, outcomeOfIdentity } from './verify-outcome.js';

export interface VerifyOptions {
  /** Calls in flight at once; default 4. */
  concurrency?: number;
  /** Per request, default 5000; it really fires (AWS.md §4). */
  timeoutMs?: number;
  /** Default us-east-1. */
  region?: string;
  canaryAccounts: ReadonlySet<string>;
  /** --verify-accounts: only keys of these accounts are sent. */
  onlyAccounts?: ReadonlySet<string>;
  /** --skip-accounts: keys of these accounts are never sent. */
  skipAccounts?: ReadonlySet<string>;
  /** STS endpoint override; by default the SDK's own settings (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL). */
  endpoint?: string;
  /** Backoff on throttling; default 3 retries from 500 ms, doubling, at most 4 s. */
  throttleRetry?: ThrottleRetryPolicy;
}

/** Counts of findings by the status they got, plus `calls`: requests actually sent (retries included). */
export interface VerifyStats {
  calls: number;
  live: number;
  invalid: number;
  canary: number;
  unknown: number;
  skipped: number;
}

/**
 * Sets `verification` on every finding that holds both a key id and a secret; findings without
 * a secret are left as they are (there is nothing to check; reporters already show `canary`).
 * Canary and skipped accounts are settled offline and never sent. Each distinct pair (key id,
 * secret, session token) is sent at most once per call of this function, at most
 * `concurrency` at a time, one at a time per key id, retried only when throttled. A root key
 * raises its finding to critical. Never throws for a per-key failure: that is `unknown`.
 */
export async function verifyFindings(findings: Finding[], options: VerifyOptions): Promise<VerifyStats> {
  const stats: VerifyStats = { calls: 0, live: 0, invalid: 0, canary: 0, unknown: 0, skipped: 0 };
  const concurrency = options.concurrency ?? 4;
  const limiter = new ConcurrencyLimiter(concurrency);
  const toSend: { finding: Finding; pair: PairToSend }[] = [];

  for (const finding of findings) {
    const keyId = finding.keyId;
    if (keyId === undefined || finding.secret === undefined) continue;
    const decision = decideBeforeCall({ ...finding, keyId }, options);
    if ('settled' in decision)
      apply(finding, { ...decision.settled, checkedAt: new Date().toISOString() }, stats);
    else toSend.push({ finding, pair: decision.send });
  }
  if (toSend.length === 0) return stats;

  // Loaded only now: a run with nothing to send never loads the AWS SDK.
  const { openIdentityProbe } = await import('../aws/identity-probe.js');
  const { AwsCallError } = await import('../aws/aws-call-error.js');
  const probe = await openIdentityProbe({
    region: options.region ?? 'us-east-1',
    timeoutMs: options.timeoutMs ?? 5000,
    endpoint: options.endpoint,
    maxSockets: concurrency,
  });
  const serializer = new KeyedSerializer();
  const cache = new Map<string, Promise<Verification>>();
  const retry = options.throttleRetry ?? DEFAULT_THROTTLE_RETRY;

  const check = async (pair: PairToSend): Promise<Verification> => {
    let attempts = 0;
    let outcome: Outcome;
    try {
      const who = await retryOnThrottle(
        () => {
          attempts++;
          stats.calls++;
          return probe.callerIdentity(pair);
        },
        (err) => err instanceof AwsCallError && err.kind === 'throttled',
        retry,
      );
      outcome = outcomeOfIdentity(who);
    } catch (err) {
      outcome =
        err instanceof AwsCallError
          ? outcomeOfFailure(err, pair.keyId, attempts)
          : {
              status: 'unknown',
              reason: 'unexpected error',
              detail: `verification failed unexpectedly: ${errorName(err)}`,
            };
    }
    return { ...outcome, checkedAt: new Date().toISOString() };
  };

  try {
    await Promise.all(
      toSend.map(async ({ finding, pair }) => {
        const key = pairKey(pair);
        let pending = cache.get(key);
        if (!pending) {
          // Serialise per key id first, then take a slot, so waiting never holds a slot.
          pending = serializer.run(pair.keyId, () => limiter.run(() => check(pair)));
          cache.set(key, pending);
        }
        apply(finding, { ...(await pending) }, stats);
      }),
    );
  } finally {
    probe.close();
  }
  return stats;
}

function apply(finding: Finding, verification: Verification, stats: VerifyStats): void {
  finding.verification = verification;
  stats[verification.status]++;
  if (verification.status === 'canary') finding.canary = true;
  if (verification.status === 'live') {
    if (finding.account === undefined && verification.account) finding.account = verification.account;
    if (verification.root) finding.severity = 'critical';
  }
}

/** The cache key: a digest, so the map holds no more copies of secrets than needed. */
function pairKey(pair: PairToSend): string {
  return createHash('sha256')
    .update(`${pair.keyId}\0${pair.secret}\0${pair.sessionToken ?? ''}`)
    .digest('hex');
}

/** Only the error's name: an unexpected error's message could quote anything. */
function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
