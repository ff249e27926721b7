/**
 * Policies keysweep attaches during containment (shared AWS.md §5).
 */

/** The console's "Revoke active sessions" writes an inline policy of this name; we use the same. */
export const REVOKE_SESSIONS_POLICY_NAME = 'AWSRevokeOlderSessions';

/** AWS managed policy that denies the costly and escalating actions attackers use. */
export function quarantinePolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/AWSCompromisedKeyQuarantineV3`;
}

/**
 * Denies everything to role sessions issued before `now`: temporary (ASIA) keys cannot be
 * deactivated, but their sessions can be made useless. New sessions keep working.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html
 */
export function revokeOlderSessionsPolicy(now: Date): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Action: ['*'],
        Resource: ['*'],
        Condition: { DateLessThan: { 'aws:TokenIssueTime': now.toISOString() } },
      },
    ],
  });
}

/** `arn:aws:sts::123456789012:assumed-role/Deploy/ci-123` -> `Deploy`. */
export function roleNameFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const m =
    /^arn:[a-z-]+:(?:sts::\d{12}:assumed-role|iam::\d{12}:role(?:\/[\w+=,.@-]+)*)\/([\w+=,.@-]+)/.exec(arn);
  return m?.[1];
}

const IAM_NAME = /^[\w+=,.@-]{1,128}$/;

export function isIamName(name: string): boolean {
  return IAM_NAME.test(name);
}
