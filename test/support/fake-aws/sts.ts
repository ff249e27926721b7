import { accountFromKeyId } from '../../../src/model/aws-key-id.js';
import { ApiError, accessDenied, type Operation, requireParam } from './api-error.js';
import { makeKeyId, makeSecret, makeSessionToken } from './key-ids.js';

export const STS_VERSION = '2011-06-15';

const getCallerIdentity: Operation = ({ caller }) => ({
  UserId: caller.userId,
  Account: caller.account,
  Arn: caller.arn,
});

/** Answers for any key id: from the table when known, else decoded like AWS does for modern ids. */
const getAccessKeyInfo: Operation = ({ state, params }) => {
  const id = requireParam(params, 'AccessKeyId');
  const account = state.keys.get(id)?.account ?? accountFromKeyId(id);
  if (!account) throw new ApiError(400, 'InvalidParameterValue', `access key id ${id} is not valid`);
  return { Account: account };
};

/**
 * Issues session credentials that the fake then accepts. The trust policy is modelled by the
 * role's trusted accounts and its MFA requirement (aws:MultiFactorAuthPresent).
 */
const assumeRole: Operation = ({ state, caller, params, now }) => {
  const roleArn = requireParam(params, 'RoleArn');
  const sessionName = requireParam(params, 'RoleSessionName');
  const role = state.roles.get(roleArn);
  if (!role?.trustedAccounts.includes(caller.account)) throw accessDenied(caller, 'sts:AssumeRole', roleArn);
  const serial = params.get('SerialNumber');
  const code = params.get('TokenCode');
  if (role.requireMfa && (!serial || !code)) throw accessDenied(caller, 'sts:AssumeRole', roleArn);
  if (role.mfaTokenCode !== undefined && code !== null && code !== role.mfaTokenCode) {
    throw new ApiError(
      403,
      'AccessDenied',
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );
  }
  const seconds = Number(params.get('DurationSeconds') ?? '3600');
  const expiresAt = new Date(now.getTime() + seconds * 1000);
  const arn = `arn:aws:sts::${role.account}:assumed-role/${role.roleName}/${sessionName}`;
  const key = state.addKey({
    account: role.account,
    accessKeyId: makeKeyId(role.account, 'ASIA'),
    secretAccessKey: makeSecret(),
    sessionToken: makeSessionToken(),
    arn,
    userId: `${role.roleId}:${sessionName}`,
    expiresAt,
  });
  return {
    AssumedRoleUser: { Arn: arn, AssumedRoleId: key.userId },
    Credentials: {
      AccessKeyId: key.accessKeyId,
      SecretAccessKey: key.secretAccessKey,
      SessionToken: key.sessionToken,
      Expiration: expiresAt,
    },
  };
};

export const STS_OPERATIONS: Record<string, Operation> = {
  GetCallerIdentity: getCallerIdentity,
  GetAccessKeyInfo: getAccessKeyInfo,
  AssumeRole: assumeRole,
};
