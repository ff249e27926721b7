/**
 * What the responder's side of keysweep needs from AWS, in our own types: src/respond depends on
 * this shape, never on @aws-sdk/* directly. Every method throws AwsCallError on failure.
 */

/** Who the operator is, from sts:GetCallerIdentity. */
export interface OperatorIdentity {
  account: string;
  arn: string;
  userId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`, ... taken from the ARN: managed policy ARNs depend on it. */
  partition: string;
}

/** A value from AWS plus the request id that produced it, for the audit log. */
export interface Answer<T> {
  value: T;
  requestId: string | undefined;
}

export interface KeyLastUsed {
  /** The IAM user owning the key; undefined for root keys. */
  userName: string | undefined;
  /** ISO date of last use, when AWS knows one. */
  date: string | undefined;
  service: string | undefined;
  region: string | undefined;
}

export type AccessKeyStatus = 'Active' | 'Inactive' | 'Expired';

export interface AccessKeyRecord {
  keyId: string;
  status: AccessKeyStatus | string;
  createDate: string | undefined;
}

export type CredentialReportState = 'STARTED' | 'INPROGRESS' | 'COMPLETE' | string;

export interface CredentialReportContent {
  csv: string;
  generatedAt: string | undefined;
}

export interface OperatorAws {
  /** sts:GetAccessKeyInfo: the account owning any key id (needed for legacy ids). */
  accessKeyAccount(keyId: string): Promise<Answer<string>>;
  /** iam:GetAccessKeyLastUsed: the owner and last use of a key in the operator's account. */
  accessKeyLastUsed(keyId: string): Promise<Answer<KeyLastUsed>>;
  listAccessKeys(userName: string): Promise<Answer<AccessKeyRecord[]>>;
  setAccessKeyStatus(userName: string, keyId: string, status: 'Active' | 'Inactive'): Promise<Answer<void>>;
  deleteAccessKey(userName: string, keyId: string): Promise<Answer<void>>;
  attachUserPolicy(userName: string, policyArn: string): Promise<Answer<void>>;
  putRolePolicy(roleName: string, policyName: string, document: string): Promise<Answer<void>>;
  generateCredentialReport(): Promise<Answer<CredentialReportState>>;
  getCredentialReport(): Promise<Answer<CredentialReportContent>>;
}

/** The base principal behind an assumed role session, for the audit log. */
export interface AssumedFrom {
  /** The base credentials' ARN (sts:GetCallerIdentity before assuming). */
  arn: string;
  /** The access key id the base credentials sign with. */
  keyId: string;
  roleArn: string;
  /** The sts:AssumeRole request id, to match CloudTrail. */
  requestId: string | undefined;
}

/** The operator's connected session: who they are, which key ids they are using, and the calls. */
export interface OperatorSession {
  identity: OperatorIdentity;
  /** Access key ids the operator itself is signing with (base and assumed): never revoked. */
  ownKeyIds: readonly string[];
  /** Set when --role-arn was used: the role session's ARN. */
  assumedRoleArn: string | undefined;
  /** Set when --role-arn was used: who assumed the role, and the AssumeRole call itself. */
  assumedFrom?: AssumedFrom | undefined;
  aws: OperatorAws;
  /** Closes sockets so the process can exit promptly. */
  close(): void;
}

/** The partition from an ARN such as `arn:aws-us-gov:iam::123456789012:user/x`. */
export function partitionOfArn(arn: string): string {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts[1] ? parts[1] : 'aws';
}
