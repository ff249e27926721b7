import { UsageError } from '../model/errors.js';
import { AwsCallError, toAwsCallError } from './aws-call-error.js';
import type { AssumedFrom, OperatorIdentity, OperatorSession } from './operator-api.js';
import { partitionOfArn } from './operator-api.js';
import {
  DEFAULT_OPERATOR_SETTINGS,
  defaultOperatorRegion,
  type OperatorClientSettings,
  operatorClientConfig,
} from './operator-client-config.js';
import { SdkOperatorAws } from './sdk-operator-aws.js';
import { withoutSdkNodeWarning } from './sdk-warnings.js';
import { sharedProfileFiles, sharedProfileNames } from './shared-profiles.js';

export interface OperatorOptions {
  /** Named profile; otherwise the SDK's default chain (environment, SSO, shared config, ...). */
  profile?: string | undefined;
  region?: string | undefined;
  /** Incident-response role to assume with sts:AssumeRole. */
  roleArn?: string | undefined;
  /** MFA device serial or ARN, and the current code, when the role's trust policy requires MFA. */
  mfaSerial?: string | undefined;
  mfaCode?: string | undefined;
  roleSessionName?: string | undefined;
  maxAttempts?: number | undefined;
  requestTimeoutMs?: number | undefined;
  connectTimeoutMs?: number | undefined;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const MFA_SERIAL = /^[\w+=/:,.@-]{9,256}$/;
const MFA_CODE = /^\d{6}$/;

/** Checks the flag combinations before any network call, so mistakes cost nothing. */
export function validateOperatorOptions(opts: OperatorOptions): void {
  if (opts.roleArn !== undefined && !ROLE_ARN.test(opts.roleArn)) {
    throw new UsageError(
      `--role-arn ${JSON.stringify(opts.roleArn)} is not an IAM role ARN`,
      'use the form arn:aws:iam::123456789012:role/IncidentResponse',
    );
  }
  if ((opts.mfaSerial !== undefined || opts.mfaCode !== undefined) && opts.roleArn === undefined) {
    throw new UsageError(
      '--mfa-serial and --mfa-code only apply with --role-arn',
      'add --role-arn ARN of the role to assume',
    );
  }
  if ((opts.mfaSerial === undefined) !== (opts.mfaCode === undefined)) {
    throw new UsageError(
      '--mfa-serial and --mfa-code go together',
      'pass both the MFA device serial (or ARN) and its current code',
    );
  }
  if (opts.mfaSerial !== undefined && !MFA_SERIAL.test(opts.mfaSerial)) {
    throw new UsageError(`--mfa-serial ${JSON.stringify(opts.mfaSerial)} is not an MFA device serial or ARN`);
  }
  if (opts.mfaCode !== undefined && !MFA_CODE.test(opts.mfaCode)) {
    throw new UsageError('--mfa-code must be the 6 digits your MFA device shows now');
  }
}

/**
 * Connects as the operator: resolves credentials through the SDK's default chain (or the
 * profile), optionally assumes the incident-response role with MFA, and asks STS who we are.
 * This is the only place the AWS SDK is loaded for responding, and it is loaded lazily.
 */
export async function connectOperator(opts: OperatorOptions = {}): Promise<OperatorSession> {
  validateOperatorOptions(opts);
  const [stsSdk, iamSdk] = await Promise.all([import('@aws-sdk/client-sts'), import('@aws-sdk/client-iam')]);
  const settings: OperatorClientSettings = {
    ...DEFAULT_OPERATOR_SETTINGS,
    region: opts.region || defaultOperatorRegion(),
    profile: opts.profile,
    ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
    ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
  };
  const config = operatorClientConfig(settings);
  const baseSts = withoutSdkNodeWarning(() => new stsSdk.STSClient(config));
  const clients: { destroy(): void }[] = [baseSts];
  const close = () => {
    for (const c of clients) c.destroy();
  };
  try {
    const baseCredentials = baseSts.config.credentials;
    const baseKeyId = await resolveKeyId(baseCredentials, opts.profile);
    const ownKeyIds = [baseKeyId];
    let sts = baseSts;
    let iamCredentials: typeof baseCredentials = baseCredentials;
    let assumedRoleArn: string | undefined;
    let assumedFrom: AssumedFrom | undefined;

    if (opts.roleArn) {
      // Who is assuming the role: the audit log names the person behind the session too.
      const base = await call('sts:GetCallerIdentity', () =>
        baseSts.send(new stsSdk.GetCallerIdentityCommand({})),
      );
      const assumed = await call('sts:AssumeRole', () =>
        baseSts.send(
          new stsSdk.AssumeRoleCommand({
            RoleArn: opts.roleArn,
            RoleSessionName: opts.roleSessionName ?? `keysweep-${Date.now()}`,
            DurationSeconds: 3600,
            ...(opts.mfaSerial ? { SerialNumber: opts.mfaSerial, TokenCode: opts.mfaCode } : {}),
          }),
        ),
      );
      const c = assumed.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
        throw toAwsCallError(
          Object.assign(new Error('the response held no credentials'), { name: 'InvalidResponse' }),
          'sts:AssumeRole',
        );
      }
      const roleCredentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      };
      ownKeyIds.push(c.AccessKeyId);
      assumedRoleArn = assumed.AssumedRoleUser?.Arn;
      assumedFrom = {
        arn: base.Arn ?? '',
        keyId: baseKeyId,
        roleArn: opts.roleArn,
        requestId: assumed.$metadata.requestId,
      };
      iamCredentials = async () => roleCredentials;
      sts = withoutSdkNodeWarning(() => new stsSdk.STSClient({ ...config, credentials: roleCredentials }));
      clients.push(sts);
    }

    const who = await call('sts:GetCallerIdentity', () => sts.send(new stsSdk.GetCallerIdentityCommand({})));
    const identity: OperatorIdentity = {
      account: who.Account ?? '',
      arn: who.Arn ?? '',
      userId: who.UserId ?? '',
      partition: partitionOfArn(who.Arn ?? ''),
    };
    const iam = withoutSdkNodeWarning(() => new iamSdk.IAMClient({ ...config, credentials: iamCredentials }));
    clients.push(iam);
    return {
      identity,
      ownKeyIds,
      assumedRoleArn,
      assumedFrom,
      aws: new SdkOperatorAws({ client: sts, sdk: stsSdk }, { client: iam, sdk: iamSdk }),
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}

async function resolveKeyId(
  provider: () => Promise<{ accessKeyId: string }>,
  profile: string | undefined,
): Promise<string> {
  try {
    return (await provider()).accessKeyId;
  } catch (err) {
    if (profile !== undefined && !sharedProfileNames().includes(profile)) throw missingProfile(profile, err);
    throw toAwsCallError(err, `resolve operator credentials${profile ? ` (profile ${profile})` : ''}`);
  }
}

function missingProfile(profile: string, cause: unknown): AwsCallError {
  const files = sharedProfileFiles();
  const known = sharedProfileNames();
  return new AwsCallError({
    kind: 'credentials',
    operation: 'resolve operator credentials',
    awsCode: 'ProfileNotFound',
    detail: `profile ${profile} is in neither ${files.config} nor ${files.credentials}`,
    hint: `list the profiles with \`aws configure list-profiles\`${known.length ? ` (found: ${known.join(', ')})` : ''}, or configure one with \`aws configure --profile ${profile}\` or \`aws configure sso\``,
    cause,
  });
}

async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAwsCallError(err, operation);
  }
}
