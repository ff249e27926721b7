import type { AwsCallError } from '../aws/aws-call-error.js';
import type { CallerIdentity } from '../aws/identity-probe.js';
import type { Outcome } from './verify-decision.js';

/** A key that authenticates: "live" means it signs valid requests, not that it can do harm. */
export function outcomeOfIdentity(who: CallerIdentity): Outcome {
  const root = who.arn.endsWith(':root');
  return {
    status: 'live',
    account: who.account,
    arn: who.arn,
    userId: who.userId,
    root,
    detail: root
      ? 'the key authenticates as the account root user: the worst case'
      : 'the key authenticates (sts:GetCallerIdentity answered)',
  };
}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException']);

/**
 * What a failed call means. Only AWS's own authentication answers make a key `invalid`;
 * anything that leaves the question open (network, timeouts, throttling, 5xx, odd codes) is
 * `unknown`, never `invalid`.
 */
export function outcomeOfFailure(err: AwsCallError, keyId: string, attempts: number): Outcome {
  const code = err.awsCode;
  if (code === 'SignatureDoesNotMatch') {
    // AWS also says this when the local clock is more than 15 minutes off.
    if (/signature expired/i.test(err.message)) {
      return {
        status: 'unknown',
        reason: 'clock is off',
        detail: "AWS rejected the request time: check this machine's clock, then verify again",
      };
    }
    return {
      status: 'invalid',
      reason: 'key id exists, secret wrong',
      detail: 'the key id exists, but this secret is wrong (SignatureDoesNotMatch)',
    };
  }
  if (code === 'InvalidClientTokenId') {
    const session = keyId.startsWith('ASIA');
    return {
      status: 'invalid',
      reason: session ? 'session not accepted' : 'key id unknown to AWS',
      detail: session
        ? 'AWS does not accept these session credentials: expired, revoked, or the token does not belong to the key (InvalidClientTokenId)'
        : 'AWS does not know this key id: deleted, deactivated or never issued (InvalidClientTokenId); keys of the China and GovCloud partitions answer the same way elsewhere',
    };
  }
  if (EXPIRED.has(code)) {
    return {
      status: 'invalid',
      reason: 'session token expired',
      detail: 'the session token has expired (ExpiredToken)',
    };
  }
  switch (err.kind) {
    case 'throttled':
      return {
        status: 'unknown',
        reason: 'throttled',
        detail: `AWS was still throttling after ${attempts} attempts (${code}); verify again later`,
      };
    case 'unreachable': {
      const problem = networkProblem(code);
      return {
        status: 'unknown',
        reason: problem,
        detail: `no answer from STS: ${problem} (${code}); verify again later`,
      };
    }
    case 'server':
      return {
        status: 'unknown',
        reason: 'STS server error',
        detail: `STS answered with a server error (${err.httpStatus ?? '5xx'} ${code}); verify again later`,
      };
    default:
      return {
        status: 'unknown',
        reason: `STS answered ${code}`,
        detail: `STS answered ${code}${err.httpStatus ? ` (HTTP ${err.httpStatus})` : ''}; could not tell`,
      };
  }
}

function networkProblem(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name did not resolve';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return 'connection dropped';
    case 'ETIMEDOUT':
    case 'TimeoutError':
    case 'AbortError':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'timed out';
    default:
      return 'network failed';
  }
}
