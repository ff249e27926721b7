import { describe, expect, it } from 'vitest';
import { toAwsCallError } from '../aws/aws-call-error.js';
import { outcomeOfFailure, outcomeOfIdentity } from './verify-outcome.js';

const AKIA = 'AKIARZPUZDIKGB2VALC4';

function sdkError(name: string, status: number | undefined, message = 'x', code?: string) {
  return toAwsCallError(
    Object.assign(new Error(message), {
      name,
      ...(code ? { code } : {}),
      $metadata: { httpStatusCode: status },
    }),
    'sts:GetCallerIdentity',
  );
}

describe('outcomeOfIdentity', () => {
  it('marks root ARNs', () => {
    expect(
      outcomeOfIdentity({
        account: '1',
        arn: 'arn:aws:iam::123456789012:root',
        userId: '1',
        requestId: undefined,
      }),
    ).toMatchObject({ status: 'live', root: true });
    expect(
      outcomeOfIdentity({
        account: '1',
        arn: 'arn:aws:iam::123456789012:user/root',
        userId: 'A',
        requestId: undefined,
      }).root,
    ).toBe(false);
  });
});

describe('outcomeOfFailure', () => {
  it('calls a pair invalid only on AWS authentication answers', () => {
    expect(outcomeOfFailure(sdkError('SignatureDoesNotMatch', 403), AKIA, 1)).toMatchObject({
      status: 'invalid',
      detail: expect.stringContaining('the key id exists, but this secret is wrong'),
    });
    expect(outcomeOfFailure(sdkError('InvalidClientTokenId', 403), AKIA, 1).status).toBe('invalid');
    expect(outcomeOfFailure(sdkError('ExpiredToken', 403), AKIA, 1).status).toBe('invalid');
  });

  it('blames the clock, not the key, when the signature has expired', () => {
    const skew = sdkError(
      'SignatureDoesNotMatch',
      403,
      'Signature expired: 20250101T000000Z is now earlier than 20250101T001500Z',
    );
    expect(outcomeOfFailure(skew, AKIA, 1)).toMatchObject({
      status: 'unknown',
      detail: expect.stringContaining('clock'),
    });
  });

  it('says unknown for throttling, network, server and odd answers', () => {
    expect(outcomeOfFailure(sdkError('Throttling', 400), AKIA, 4)).toMatchObject({
      status: 'unknown',
      detail: expect.stringContaining('4 attempts'),
    });
    expect(
      outcomeOfFailure(sdkError('Error', undefined, 'connect ECONNREFUSED', 'ECONNREFUSED'), AKIA, 1),
    ).toMatchObject({ status: 'unknown', detail: expect.stringContaining('connection refused') });
    expect(
      outcomeOfFailure(sdkError('Error', undefined, 'getaddrinfo ENOTFOUND sts', 'ENOTFOUND'), AKIA, 1)
        .detail,
    ).toContain('did not resolve');
    expect(outcomeOfFailure(sdkError('TimeoutError', undefined), AKIA, 1).detail).toContain('timed out');
    expect(outcomeOfFailure(sdkError('InternalFailure', 500), AKIA, 1)).toMatchObject({
      status: 'unknown',
      detail: expect.stringContaining('500'),
    });
    expect(outcomeOfFailure(sdkError('AccessDenied', 403), AKIA, 1).status).toBe('unknown');
  });
});
