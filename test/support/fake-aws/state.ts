import { makeKeyId, makeSecret, makeSessionToken, makeUniqueId } from './key-ids.js';

/** An access key the fake endpoint knows: the table every signature is checked against. */
export interface FakeKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** Required for ASIA keys: requests must carry it as X-Amz-Security-Token. */
  sessionToken?: string;
  account: string;
  arn: string;
  userId: string;
  /** The IAM user owning a long-term key; undefined for root and assumed-role keys. */
  userName?: string;
  status: 'Active' | 'Inactive';
  createDate: Date;
  /** Session credentials stop working (ExpiredToken) after this. */
  expiresAt?: Date;
  lastUsed?: { date: Date; service: string; region: string };
  /** Eventual consistency: ListAccessKeys still shows `status` for `reads` more calls. */
  stale?: { status: 'Active' | 'Inactive'; reads: number };
}

export interface FakeKeyInit {
  account: string;
  /** Default: a fresh id (AKIA, or ASIA when `session` is set) encoding `account`. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Make session credentials: an ASIA id with a session token (given or generated). */
  session?: boolean;
  sessionToken?: string;
  /** Owning IAM user; created in the users table when missing. */
  userName?: string;
  /** A root key: ARN `arn:aws:iam::<account>:root`. */
  root?: boolean;
  arn?: string;
  userId?: string;
  status?: 'Active' | 'Inactive';
  createDate?: Date;
  expiresAt?: Date;
  lastUsed?: { date: Date; service: string; region: string };
}

export interface AttachedPolicy {
  policyName: string;
  policyArn: string;
}

export interface FakeUser {
  userName: string;
  account: string;
  arn: string;
  userId: string;
  path: string;
  createDate: Date;
  attachedPolicies: AttachedPolicy[];
}

export interface FakeUserInit {
  userName: string;
  account: string;
  createDate?: Date;
  attachedPolicies?: AttachedPolicy[];
}

export interface FakeRole {
  roleName: string;
  account: string;
  arn: string;
  roleId: string;
  /** AssumeRole needs SerialNumber and TokenCode (the trust policy's aws:MultiFactorAuthPresent). */
  requireMfa: boolean;
  /** When set, TokenCode must equal it. */
  mfaTokenCode?: string;
  /** Accounts whose principals may assume the role; default: its own account. */
  trustedAccounts: string[];
  /** Inline policies by name (PutRolePolicy), as the JSON documents received. */
  inlinePolicies: Map<string, string>;
}

export interface FakeRoleInit {
  roleName: string;
  account: string;
  requireMfa?: boolean;
  mfaTokenCode?: string;
  trustedAccounts?: string[];
}

/** The fake's tables. Tests read and change them directly to set up and check state. */
export class FakeAwsState {
  readonly keys = new Map<string, FakeKey>();
  /** Keyed by `${account}/${userName}`. */
  readonly users = new Map<string, FakeUser>();
  /** Keyed by role ARN. */
  readonly roles = new Map<string, FakeRole>();
  /** Accounts whose credential report was generated (GenerateCredentialReport), with when. */
  readonly credentialReports = new Map<string, Date>();
  /**
   * IAM is eventually consistent: after an UpdateAccessKey, this many ListAccessKeys calls still
   * show the old status. 0 (the default) reads your own writes.
   */
  staleReadsAfterUpdate = 0;

  addKey(init: FakeKeyInit): FakeKey {
    const session = init.session ?? init.accessKeyId?.startsWith('ASIA') ?? false;
    const accessKeyId = init.accessKeyId ?? makeKeyId(init.account, session ? 'ASIA' : 'AKIA');
    if (init.userName && !init.root) this.ensureUser({ userName: init.userName, account: init.account });
    const arn =
      init.arn ??
      (init.root
        ? `arn:aws:iam::${init.account}:root`
        : init.userName
          ? `arn:aws:iam::${init.account}:user/${init.userName}`
          : `arn:aws:sts::${init.account}:assumed-role/fake-role/session`);
    const user = init.userName ? this.getUser(init.account, init.userName) : undefined;
    const key: FakeKey = {
      accessKeyId,
      secretAccessKey: init.secretAccessKey ?? makeSecret(),
      account: init.account,
      arn,
      userId: init.userId ?? (init.root ? init.account : (user?.userId ?? `${makeUniqueId('AROA')}:session`)),
      status: init.status ?? 'Active',
      createDate: init.createDate ?? new Date(),
    };
    if (session) key.sessionToken = init.sessionToken ?? makeSessionToken();
    if (init.userName && !init.root) key.userName = init.userName;
    if (init.expiresAt) key.expiresAt = init.expiresAt;
    if (init.lastUsed) key.lastUsed = init.lastUsed;
    this.keys.set(accessKeyId, key);
    return key;
  }

  ensureUser(init: FakeUserInit): FakeUser {
    const existing = this.getUser(init.account, init.userName);
    if (existing) return existing;
    const user: FakeUser = {
      userName: init.userName,
      account: init.account,
      arn: `arn:aws:iam::${init.account}:user/${init.userName}`,
      userId: makeUniqueId('AIDA'),
      path: '/',
      createDate: init.createDate ?? new Date(),
      attachedPolicies: [...(init.attachedPolicies ?? [])],
    };
    this.users.set(`${init.account}/${init.userName}`, user);
    return user;
  }

  getUser(account: string, userName: string): FakeUser | undefined {
    return this.users.get(`${account}/${userName}`);
  }

  addRole(init: FakeRoleInit): FakeRole {
    const arn = `arn:aws:iam::${init.account}:role/${init.roleName}`;
    const role: FakeRole = {
      roleName: init.roleName,
      account: init.account,
      arn,
      roleId: makeUniqueId('AROA'),
      requireMfa: init.requireMfa ?? false,
      trustedAccounts: init.trustedAccounts ?? [init.account],
      inlinePolicies: new Map(),
    };
    if (init.mfaTokenCode !== undefined) role.mfaTokenCode = init.mfaTokenCode;
    this.roles.set(arn, role);
    return role;
  }

  getRoleByName(account: string, roleName: string): FakeRole | undefined {
    return this.roles.get(`arn:aws:iam::${account}:role/${roleName}`);
  }

  /** A user's access keys, oldest first (the order IAM lists them). */
  keysOfUser(account: string, userName: string): FakeKey[] {
    return [...this.keys.values()]
      .filter((k) => k.account === account && k.userName === userName)
      .sort((a, b) => a.createDate.getTime() - b.createDate.getTime());
  }
}
