import { accountFromKeyId } from '../../../src/model/aws-key-id.js';
import { ApiError, accessDenied, type Operation, type OperationContext, requireParam } from './api-error.js';
import { credentialReportCsv } from './credential-report.js';
import type { FakeKey, FakeUser } from './state.js';

export const IAM_VERSION = '2010-05-08';

/**
 * IAM acts inside the caller's account. `UserName` defaults to the caller's own user, and is
 * required when the caller is not an IAM user (root or a role session), as in IAM.
 */
function targetUser(ctx: OperationContext): FakeUser {
  const name = ctx.params.get('UserName') ?? ctx.caller.userName;
  if (!name)
    throw new ApiError(
      400,
      'ValidationError',
      'Must specify userName when calling with non-User credentials',
    );
  const user = ctx.state.getUser(ctx.caller.account, name);
  if (!user) throw new ApiError(404, 'NoSuchEntity', `The user with name ${name} cannot be found.`);
  return user;
}

function keyOfUser(ctx: OperationContext, user: FakeUser): FakeKey {
  const id = requireParam(ctx.params, 'AccessKeyId');
  const key = ctx.state.keys.get(id);
  if (!key || key.account !== user.account || key.userName !== user.userName) {
    throw new ApiError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
  }
  return key;
}

/**
 * The key must live in the caller's account. Another account's key (or one whose account the id
 * does not encode) is AccessDenied, as IAM answers for a resource outside the caller's account.
 * A key id of the caller's own account that IAM does not hold (deleted, never issued) is
 * NoSuchEntity, the one error the IAM API reference lists for GetAccessKeyLastUsed. Real IAM
 * has been seen to answer AccessDenied there too; keysweep copes with both (revoke-runner.ts),
 * and tests model that case with a `deny` fault.
 */
const getAccessKeyLastUsed: Operation = (ctx) => {
  const id = requireParam(ctx.params, 'AccessKeyId');
  const key = ctx.state.keys.get(id);
  if (!key && accountFromKeyId(id) === ctx.caller.account) {
    throw new ApiError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
  }
  if (!key || key.account !== ctx.caller.account) {
    throw accessDenied(ctx.caller, 'iam:GetAccessKeyLastUsed', `access key ${id}`);
  }
  const used = key.lastUsed;
  return {
    UserName: key.userName,
    AccessKeyLastUsed: used
      ? { LastUsedDate: used.date, ServiceName: used.service, Region: used.region }
      : { ServiceName: 'N/A', Region: 'N/A' },
  };
};

const updateAccessKey: Operation = (ctx) => {
  const user = targetUser(ctx);
  const key = keyOfUser(ctx, user);
  const status = requireParam(ctx.params, 'Status');
  if (status !== 'Active' && status !== 'Inactive') {
    throw new ApiError(
      400,
      'ValidationError',
      `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
    );
  }
  if (ctx.state.staleReadsAfterUpdate > 0 && key.status !== status) {
    key.stale = { status: key.status, reads: ctx.state.staleReadsAfterUpdate };
  }
  key.status = status;
  return undefined;
};

const listAccessKeys: Operation = (ctx) => {
  const user = targetUser(ctx);
  return {
    AccessKeyMetadata: ctx.state.keysOfUser(user.account, user.userName).map((k) => ({
      UserName: user.userName,
      AccessKeyId: k.accessKeyId,
      Status: staleStatus(k),
      CreateDate: k.createDate,
    })),
    IsTruncated: false,
  };
};

/** The status a read sees: the old one while a stale read is still owed (eventual consistency). */
function staleStatus(key: FakeKey): 'Active' | 'Inactive' {
  if (key.stale && key.stale.reads > 0) {
    key.stale.reads--;
    return key.stale.status;
  }
  return key.status;
}

const deleteAccessKey: Operation = (ctx) => {
  const user = targetUser(ctx);
  const key = keyOfUser(ctx, user);
  ctx.state.keys.delete(key.accessKeyId);
  return undefined;
};

const attachUserPolicy: Operation = (ctx) => {
  const user = targetUser(ctx);
  const policyArn = requireParam(ctx.params, 'PolicyArn');
  if (!user.attachedPolicies.some((p) => p.policyArn === policyArn)) {
    user.attachedPolicies.push({ policyArn, policyName: policyArn.slice(policyArn.lastIndexOf('/') + 1) });
  }
  return undefined;
};

const listAttachedUserPolicies: Operation = (ctx) => {
  const user = targetUser(ctx);
  return {
    AttachedPolicies: user.attachedPolicies.map((p) => ({
      PolicyName: p.policyName,
      PolicyArn: p.policyArn,
    })),
    IsTruncated: false,
  };
};

const putRolePolicy: Operation = (ctx) => {
  const roleName = requireParam(ctx.params, 'RoleName');
  const policyName = requireParam(ctx.params, 'PolicyName');
  const document = requireParam(ctx.params, 'PolicyDocument');
  const role = ctx.state.getRoleByName(ctx.caller.account, roleName);
  if (!role) throw new ApiError(404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
  try {
    JSON.parse(document);
  } catch {
    throw new ApiError(400, 'MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  role.inlinePolicies.set(policyName, document);
  return undefined;
};

/** The first call starts generation and says STARTED; the report is ready at once after that. */
const generateCredentialReport: Operation = (ctx) => {
  const started = !ctx.state.credentialReports.has(ctx.caller.account);
  if (started) ctx.state.credentialReports.set(ctx.caller.account, ctx.now);
  return {
    State: started ? 'STARTED' : 'COMPLETE',
    Description: started ? 'No report exists. Starting a new report generation task' : undefined,
  };
};

const getCredentialReport: Operation = (ctx) => {
  const generated = ctx.state.credentialReports.get(ctx.caller.account);
  if (!generated) {
    throw new ApiError(
      410,
      'ReportNotPresent',
      'Credential report not present. Call GenerateCredentialReport first.',
    );
  }
  return {
    Content: Buffer.from(credentialReportCsv(ctx.state, ctx.caller.account, generated)).toString('base64'),
    ReportFormat: 'text/csv',
    GeneratedTime: generated,
  };
};

/** Root callers without UserName get the root user, as IAM does. */
const getUser: Operation = (ctx) => {
  if (!ctx.params.get('UserName') && ctx.caller.arn.endsWith(':root')) {
    return {
      User: { UserId: ctx.caller.account, Arn: ctx.caller.arn, CreateDate: ctx.caller.createDate },
    };
  }
  const user = targetUser(ctx);
  return {
    User: {
      Path: user.path,
      UserName: user.userName,
      UserId: user.userId,
      Arn: user.arn,
      CreateDate: user.createDate,
    },
  };
};

export const IAM_OPERATIONS: Record<string, Operation> = {
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  UpdateAccessKey: updateAccessKey,
  ListAccessKeys: listAccessKeys,
  DeleteAccessKey: deleteAccessKey,
  AttachUserPolicy: attachUserPolicy,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  PutRolePolicy: putRolePolicy,
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
  GetUser: getUser,
};
