import { quarantinePolicyArn, REVOKE_SESSIONS_POLICY_NAME } from './session-policy.js';
import { shellQuote } from './shell-quote.js';

/**
 * Ready-to-run AWS CLI commands for one key, filled in with what the report and audit log know.
 * Every interpolated value is validated upstream (key ids, account ids, ISO dates, Regions from
 * our own data) or shell-quoted (IAM names), so pasting a command is safe.
 */
export interface KeyCommandContext {
  keyId: string;
  account: string | undefined;
  /** The IAM user, when known; otherwise commands use "$KS_USER" set by ownerLookup(). */
  userName: string | undefined;
  /** For temporary keys: the role that issued the session, when known. */
  roleName: string | undefined;
  /** CloudTrail start: the first exposure, or 90 days back when unknown. */
  startTime: string;
  regions: readonly string[];
  iamEventsRegion: string;
  partition: string;
  /** A root user key: no IAM user owns it, so user-level commands do not apply. */
  root: boolean;
}

/** Events that create or widen access: what an attacker does first to keep a foothold. */
export const IAM_PERSISTENCE_EVENTS: readonly string[] = [
  'CreateUser',
  'CreateAccessKey',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'AddUserToGroup',
  'AttachUserPolicy',
  'PutUserPolicy',
  'CreateRole',
  'UpdateAssumeRolePolicy',
  'AttachRolePolicy',
  'PutRolePolicy',
  'CreatePolicy',
  'CreatePolicyVersion',
  'SetDefaultPolicyVersion',
  'CreateOpenIDConnectProvider',
  'CreateSAMLProvider',
  'DeactivateMFADevice',
  'DeleteVirtualMFADevice',
];

export const TRAIL_TAMPER_EVENTS: readonly string[] = [
  'StopLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'DeleteEventDataStore',
];

export function userRef(ctx: KeyCommandContext): string {
  return ctx.userName ? shellQuote(ctx.userName) : '"$KS_USER"';
}

/** Sets $KS_USER to the key's owner; needed only when the audit log does not name it. */
export function ownerLookup(ctx: KeyCommandContext): string {
  return `KS_USER=$(aws iam get-access-key-last-used --access-key-id ${ctx.keyId} --query UserName --output text)`;
}

export function identifyCommands(ctx: KeyCommandContext): string[] {
  if (!isLongTerm(ctx)) return [];
  const u = userRef(ctx);
  return [
    ...(ctx.userName ? [] : [ownerLookup(ctx)]),
    `aws iam get-access-key-last-used --access-key-id ${ctx.keyId}`,
    `aws iam list-access-keys --user-name ${u}`,
    `aws iam list-attached-user-policies --user-name ${u}`,
    `aws iam list-user-policies --user-name ${u}`,
    `aws iam list-groups-for-user --user-name ${u}`,
    `aws iam list-mfa-devices --user-name ${u}`,
    `aws iam get-login-profile --user-name ${u}`,
  ];
}

export function containCommands(ctx: KeyCommandContext): string[] {
  const u = userRef(ctx);
  return [
    `keysweep revoke --key-id ${ctx.keyId}            # dry run: shows what would happen`,
    `keysweep revoke --key-id ${ctx.keyId} --yes --quarantine`,
    '# or by hand:',
    `aws iam update-access-key --user-name ${u} --access-key-id ${ctx.keyId} --status Inactive`,
    `aws iam attach-user-policy --user-name ${u} --policy-arn ${quarantinePolicyArn(ctx.partition)}`,
  ];
}

export function revokeSessionsCommands(ctx: KeyCommandContext): string[] {
  const role = ctx.roleName ? shellQuote(ctx.roleName) : 'ROLE_NAME';
  const find = ctx.roleName
    ? []
    : [
        '# find the role that issued the session (sessionContext.sessionIssuer in the event):',
        `aws cloudtrail lookup-events --region ${ctx.iamEventsRegion} --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${ctx.keyId} --max-results 5 --query 'Events[].CloudTrailEvent' --output text`,
      ];
  return [
    ...find,
    `keysweep revoke --key-id ${ctx.keyId} --revoke-sessions ${role} --yes`,
    '# or by hand (denies every session of the role issued before the time given):',
    `aws iam put-role-policy --role-name ${role} --policy-name ${REVOKE_SESSIONS_POLICY_NAME} --policy-document "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Action\\":[\\"*\\"],\\"Resource\\":[\\"*\\"],\\"Condition\\":{\\"DateLessThan\\":{\\"aws:TokenIssueTime\\":\\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\\"}}}]}"`,
  ];
}

export function rootContainCommands(ctx: KeyCommandContext): string[] {
  return [
    '# signed in as the root user (console: Security credentials > Access keys), or with root credentials:',
    `aws iam update-access-key --access-key-id ${ctx.keyId} --status Inactive`,
    `aws iam delete-access-key --access-key-id ${ctx.keyId}`,
    '# from an Organization management account, for a member account:',
    `aws sts assume-root --target-principal ${ctx.account ?? 'ACCOUNT_ID'} --task-policy-arn arn=arn:${ctx.partition}:iam::aws:policy/root-task/IAMDeleteRootUserCredentials`,
  ];
}

export function verifyContainmentCommands(ctx: KeyCommandContext): string[] {
  return [
    ...(ctx.userName || !isLongTerm(ctx) ? [] : [ownerLookup(ctx)]),
    ...(isLongTerm(ctx)
      ? [
          `aws iam list-access-keys --user-name ${userRef(ctx)} --query 'AccessKeyMetadata[].[AccessKeyId,Status]' --output text`,
        ]
      : []),
    '# any event newer than the deactivation means the key still works somewhere; repeat for ~30 minutes:',
    `aws cloudtrail lookup-events --region ${ctx.iamEventsRegion} --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${ctx.keyId} --max-results 20 --query 'Events[].[EventTime,EventName,EventSource]' --output text`,
  ];
}

/** CloudTrail management events made with the key, one Region per call, from first exposure. */
export function cloudTrailKeyLookup(ctx: KeyCommandContext): string {
  return [
    `for r in ${regionList(ctx.regions)}; do`,
    `  aws cloudtrail lookup-events --region "$r" --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${ctx.keyId} --start-time ${ctx.startTime} --output json > "cloudtrail-${ctx.keyId}-$r.json" || echo "lookup failed in $r" >&2`,
    // lookup-events allows 2 requests per second per account and Region.
    '  sleep 1',
    'done',
  ].join('\n');
}

export function persistenceCommands(ctx: KeyCommandContext): string[] {
  return [
    `for e in ${IAM_PERSISTENCE_EVENTS.join(' ')}; do`,
    `  aws cloudtrail lookup-events --region ${ctx.iamEventsRegion} --lookup-attributes AttributeKey=EventName,AttributeValue="$e" --start-time ${ctx.startTime} --query 'Events[].[EventTime,EventName,Username]' --output text`,
    '  sleep 1',
    'done',
    `aws iam list-users --query 'Users[].[UserName,CreateDate]' --output text`,
    `aws iam list-roles --query 'Roles[].[RoleName,CreateDate]' --output text`,
    `aws iam get-account-authorization-details --output json > iam-authorization-details.json`,
    `aws cloudtrail describe-trails --query 'trailList[].[Name,HomeRegion,IsMultiRegionTrail]' --output text`,
    `for r in ${regionList(ctx.regions)}; do`,
    '  echo "== $r"',
    `  aws ec2 describe-instances --region "$r" --query 'Reservations[].Instances[].[InstanceId,LaunchTime,InstanceType,State.Name]' --output text`,
    `  aws ec2 describe-spot-instance-requests --region "$r" --query 'SpotInstanceRequests[].[SpotInstanceRequestId,CreateTime,State]' --output text`,
    `  aws lambda list-functions --region "$r" --query 'Functions[].[FunctionName,LastModified]' --output text`,
    `  for e in ${TRAIL_TAMPER_EVENTS.join(' ')}; do aws cloudtrail lookup-events --region "$r" --lookup-attributes AttributeKey=EventName,AttributeValue="$e" --start-time ${ctx.startTime} --query 'Events[].[EventTime,EventName,Username]' --output text; sleep 1; done`,
    'done',
  ];
}

export function eradicateCommands(ctx: KeyCommandContext): string[] {
  if (!isLongTerm(ctx)) return [];
  return [
    ...(ctx.userName ? [] : [ownerLookup(ctx)]),
    `aws iam delete-access-key --user-name ${userRef(ctx)} --access-key-id ${ctx.keyId}`,
  ];
}

export function rotationCommands(ctx: KeyCommandContext): string[] {
  if (!isLongTerm(ctx)) return [];
  return [
    '# only if a long-lived key is truly needed (prefer a role); store it in a secrets manager, never in git:',
    ...(ctx.userName ? [] : [ownerLookup(ctx)]),
    `aws iam create-access-key --user-name ${userRef(ctx)} --query 'AccessKey.AccessKeyId' --output text`,
  ];
}

/**
 * The history purge for one repository (undefined: the one the report came from), after the
 * keys in `what` are contained. The name is a report's file name: kept to safe characters, since
 * it lands in a shell comment.
 */
export function purgeCommands(repository: string | undefined, what: readonly string[]): string[] {
  const header = repository
    ? `# repository ${repository.replace(/[^\w.@+-]/g, '_')} (${what.join(', ')}): in a fresh clone of it, after those keys are contained:`
    : '# in a fresh clone of the repository, after every key above is contained:';
  return [
    header,
    'git filter-repo --sensitive-data-removal --replace-text replacements.txt',
    'git push --force --mirror origin',
  ];
}

/** An IAM user's long-term key: the only kind the user-level IAM commands apply to. */
function isLongTerm(ctx: KeyCommandContext): boolean {
  return ctx.keyId.startsWith('AKIA') && !ctx.root;
}

/** Six Regions a line, continued with backslashes, so the loop stays readable. */
function regionList(regions: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < regions.length; i += 6) lines.push(regions.slice(i, i + 6).join(' '));
  return lines.length <= 1 ? (lines[0] ?? '') : `\\\n    ${lines.join(' \\\n    ')}`;
}
