import { describe, expect, it } from 'vitest';
import { quarantinePolicyArn, revokeOlderSessionsPolicy, roleNameFromArn } from './session-policy.js';
import { shellQuote } from './shell-quote.js';

describe('session policy helpers', () => {
  it('denies everything to sessions issued before the given time', () => {
    const doc = JSON.parse(revokeOlderSessionsPolicy(new Date('2026-05-01T12:00:00Z')));
    expect(doc).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: ['*'],
          Resource: ['*'],
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-05-01T12:00:00.000Z' } },
        },
      ],
    });
  });

  it('finds the role name in assumed-role and role ARNs', () => {
    expect(roleNameFromArn('arn:aws:sts::123456789012:assumed-role/Deploy/ci-1')).toBe('Deploy');
    expect(roleNameFromArn('arn:aws:iam::123456789012:role/path/to/Admin')).toBe('Admin');
    expect(roleNameFromArn('arn:aws:iam::123456789012:user/alice')).toBeUndefined();
    expect(roleNameFromArn(undefined)).toBeUndefined();
  });

  it('uses the partition for the managed quarantine policy', () => {
    expect(quarantinePolicyArn('aws-us-gov')).toBe(
      'arn:aws-us-gov:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
    );
  });

  it('quotes shell values only when needed', () => {
    expect(shellQuote('alice.smith@corp')).toBe('alice.smith@corp');
    expect(shellQuote("it's $(x)")).toBe(`'it'\\''s $(x)'`);
    expect(shellQuote('')).toBe("''");
  });
});
