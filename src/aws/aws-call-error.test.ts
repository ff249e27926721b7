import { describe, expect, it } from 'vitest';
import { AwsCallError, toAwsCallError } from './aws-call-error.js';

/** Shaped like what SDK v3 throws: a named error with $metadata and $fault. */
function sdkError(name: string, status: number, fault: 'client' | 'server' = 'client') {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status, requestId: 'rid-1' },
  });
}

describe('toAwsCallError', () => {
  it.each([
    ['AccessDenied', 403, 'denied'],
    ['InvalidClientTokenId', 403, 'credentials'],
    ['ExpiredToken', 400, 'credentials'],
    ['Throttling', 400, 'throttled'],
    ['NoSuchEntity', 404, 'not-found'],
    ['InternalFailure', 500, 'server'],
    ['ValidationError', 400, 'other'],
  ] as const)('%s (%i) is %s', (name, status, kind) => {
    const e = toAwsCallError(
      sdkError(name, status, status >= 500 ? 'server' : 'client'),
      'iam:UpdateAccessKey',
    );
    expect(e).toBeInstanceOf(AwsCallError);
    expect(e).toMatchObject({ kind, awsCode: name, requestId: 'rid-1', httpStatus: status, exitCode: 3 });
    expect(e.message).toBe(`iam:UpdateAccessKey failed: ${name}: ${name} happened`);
    expect(e.hint).toBeTruthy();
  });

  it('network failures are unreachable, also when wrapped', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(toAwsCallError(refused, 'sts:GetCallerIdentity')).toMatchObject({
      kind: 'unreachable',
      awsCode: 'ECONNREFUSED',
    });
    const wrapped = Object.assign(new Error('outer'), { cause: refused });
    expect(toAwsCallError(wrapped, 'x').kind).toBe('unreachable');
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(toAwsCallError(timeout, 'x').kind).toBe('unreachable');
  });

  it('missing operator credentials are a credentials problem', () => {
    const e = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(toAwsCallError(e, 'resolve operator credentials').kind).toBe('credentials');
  });

  it('passes an already classified error through', () => {
    const e = toAwsCallError(sdkError('AccessDenied', 403), 'a');
    expect(toAwsCallError(e, 'b')).toBe(e);
  });
});
