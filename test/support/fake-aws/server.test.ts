import {
  AttachUserPolicyCommand,
  DeleteAccessKeyCommand,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  PutRolePolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountFromKeyId } from '../../../src/model/aws-key-id.js';
import { type FakeAws, type FakeKey, makeKeyId, startFakeAws } from './server.js';
import { expectedSignature, parseAuthorization } from './sigv4.js';

// The SDK's Node 20 end-of-support notice is noise in test output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

function credsOf(key: FakeKey): Creds {
  return key.sessionToken
    ? { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken }
    : { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

let aws: FakeAws;
let alice: FakeKey;
let operator: FakeKey;

function sts(creds: Creds, extra: { requestTimeout?: number } = {}): STSClient {
  return new STSClient({
    region: 'us-east-1',
    endpoint: aws.url,
    credentials: creds,
    maxAttempts: 1,
    customUserAgent: 'fake-aws-test/1',
    ...(extra.requestTimeout
      ? { requestHandler: { requestTimeout: extra.requestTimeout, throwOnRequestTimeout: true } }
      : {}),
  });
}

function iam(creds: Creds): IAMClient {
  return new IAMClient({ region: 'us-east-1', endpoint: aws.url, credentials: creds, maxAttempts: 1 });
}

async function errorOf(
  p: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  aws = await startFakeAws({ keys: [{ account: ACCOUNT, userName: 'alice' }] });
  alice = [...aws.state.keys.values()][0]!;
  operator = aws.addKey({ account: ACCOUNT, userName: 'responder' });
});

afterEach(async () => {
  await aws.close();
});

describe('SigV4 checking', () => {
  it('matches the AWS Signature Version 4 test suite (get-vanilla)', () => {
    const auth = parseAuthorization(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    )!;
    const sig = expectedSignature(
      {
        method: 'GET',
        url: '/',
        headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
        body: Buffer.alloc(0),
      },
      auth,
      'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    );
    expect(sig).toBe(auth.signature);
  });

  it('rejects a request whose signature was not made with the key', async () => {
    const res = await fetch(aws.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-amz-date': '20250101T000000Z',
        authorization: `AWS4-HMAC-SHA256 Credential=${alice.accessKeyId}/20250101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('rejects an unsigned request', async () => {
    const res = await fetch(aws.url, { method: 'POST', body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });
});

describe('STS', () => {
  it('answers GetCallerIdentity for a live key and logs the request', async () => {
    const out = await sts(credsOf(alice)).send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({
      Account: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      UserId: alice.userId,
    });
    expect(aws.requests).toHaveLength(1);
    expect(aws.requests[0]).toMatchObject({
      service: 'sts',
      operation: 'GetCallerIdentity',
      accessKeyId: alice.accessKeyId,
      status: 200,
    });
    expect(aws.requests[0]!.userAgent).toContain('fake-aws-test/1');
  });

  it('says SignatureDoesNotMatch for a wrong secret', async () => {
    const err = await errorOf(
      sts({ accessKeyId: alice.accessKeyId, secretAccessKey: 'x'.repeat(40) }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect(err).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('says InvalidClientTokenId for an unknown or inactive key id', async () => {
    const unknown = await errorOf(
      sts({ accessKeyId: makeKeyId(ACCOUNT), secretAccessKey: alice.secretAccessKey }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect(unknown).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    alice.status = 'Inactive';
    const inactive = await errorOf(sts(credsOf(alice)).send(new GetCallerIdentityCommand({})));
    expect(inactive.name).toBe('InvalidClientTokenId');
  });

  it('accepts session credentials only with their token, and not after expiry', async () => {
    const session = aws.addKey({
      account: ACCOUNT,
      session: true,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`,
    });
    expect(session.accessKeyId.startsWith('ASIA')).toBe(true);
    const out = await sts(credsOf(session)).send(new GetCallerIdentityCommand({}));
    expect(out.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/r/s`);
    const noToken = await errorOf(
      sts({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect(noToken.name).toBe('InvalidClientTokenId');
    session.expiresAt = new Date(Date.now() - 1000);
    const expired = await errorOf(sts(credsOf(session)).send(new GetCallerIdentityCommand({})));
    expect(expired).toMatchObject({ name: 'ExpiredToken', status: 403 });
  });

  it('encodes the account in generated key ids and answers GetAccessKeyInfo', async () => {
    const foreign = makeKeyId(OTHER);
    expect(accountFromKeyId(foreign)).toBe(OTHER);
    const out = await sts(credsOf(operator)).send(new GetAccessKeyInfoCommand({ AccessKeyId: foreign }));
    expect(out.Account).toBe(OTHER);
  });

  it('assumes a role only with MFA, records it, and accepts the new credentials', async () => {
    const role = aws.addRole({
      roleName: 'incident-response',
      account: OTHER,
      trustedAccounts: [ACCOUNT],
      requireMfa: true,
      mfaTokenCode: '123456',
    });
    const client = sts(credsOf(operator));
    const denied = await errorOf(
      client.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'ir' })),
    );
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    const badCode = await errorOf(
      client.send(
        new AssumeRoleCommand({
          RoleArn: role.arn,
          RoleSessionName: 'ir',
          SerialNumber: 'arn:aws:iam::111122223333:mfa/r',
          TokenCode: '000000',
        }),
      ),
    );
    expect(badCode.name).toBe('AccessDenied');
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: role.arn,
        RoleSessionName: 'ir',
        SerialNumber: 'arn:aws:iam::111122223333:mfa/r',
        TokenCode: '123456',
      }),
    );
    const c = out.Credentials!;
    expect(c.AccessKeyId!.startsWith('ASIA')).toBe(true);
    expect(c.Expiration!.getTime()).toBeGreaterThan(Date.now());
    expect(aws.requests.at(-1)!.params).toMatchObject({
      SerialNumber: 'arn:aws:iam::111122223333:mfa/r',
      TokenCode: '123456',
    });
    const who = await sts({
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    }).send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({
      Account: OTHER,
      Arn: `arn:aws:sts::${OTHER}:assumed-role/incident-response/ir`,
    });
  });

  it('is reached through AWS_ENDPOINT_URL_STS without an endpoint option', async () => {
    const saved = process.env['AWS_ENDPOINT_URL_STS'];
    process.env['AWS_ENDPOINT_URL_STS'] = aws.env()['AWS_ENDPOINT_URL_STS'];
    try {
      const client = new STSClient({ region: 'us-east-1', credentials: credsOf(alice), maxAttempts: 1 });
      const out = await client.send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe(ACCOUNT);
      expect(aws.requestsFor(alice.accessKeyId)).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env['AWS_ENDPOINT_URL_STS'];
      else process.env['AWS_ENDPOINT_URL_STS'] = saved;
    }
  });
});

describe('IAM', () => {
  it('finds the owner of a key and switches it off', async () => {
    alice.lastUsed = { date: new Date('2025-03-01T10:00:00Z'), service: 's3', region: 'eu-west-1' };
    const client = iam(credsOf(operator));
    const last = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: alice.accessKeyId }));
    expect(last.UserName).toBe('alice');
    expect(last.AccessKeyLastUsed).toMatchObject({ ServiceName: 's3', Region: 'eu-west-1' });
    expect(last.AccessKeyLastUsed!.LastUsedDate!.toISOString()).toBe('2025-03-01T10:00:00.000Z');

    await client.send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: alice.accessKeyId, Status: 'Inactive' }),
    );
    expect(aws.state.keys.get(alice.accessKeyId)!.status).toBe('Inactive');
    const list = await client.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    expect(list.AccessKeyMetadata).toEqual([
      expect.objectContaining({ AccessKeyId: alice.accessKeyId, Status: 'Inactive', UserName: 'alice' }),
    ]);
    const stsErr = await errorOf(sts(credsOf(alice)).send(new GetCallerIdentityCommand({})));
    expect(stsErr.name).toBe('InvalidClientTokenId');

    await client.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: alice.accessKeyId }));
    expect(aws.state.keys.has(alice.accessKeyId)).toBe(false);
    const gone = await errorOf(
      client.send(
        new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: alice.accessKeyId, Status: 'Inactive' }),
      ),
    );
    expect(gone).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it("says NoSuchEntity for a key id of the caller's account that IAM does not hold", async () => {
    const err = await errorOf(
      iam(credsOf(operator)).send(
        new GetAccessKeyLastUsedCommand({ AccessKeyId: makeKeyId(operator.account) }),
      ),
    );
    expect(err).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('refuses to look up a key from another account', async () => {
    const foreign = aws.addKey({ account: OTHER, userName: 'mallory' });
    const err = await errorOf(
      iam(credsOf(operator)).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: foreign.accessKeyId })),
    );
    expect(err).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('attaches and lists user policies, and stores role policies', async () => {
    const client = iam(credsOf(operator));
    const arn = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3';
    await client.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    const listed = await client.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
    expect(listed.AttachedPolicies).toEqual([
      { PolicyName: 'AWSCompromisedKeyQuarantineV3', PolicyArn: arn },
    ]);

    const role = aws.addRole({ roleName: 'app', account: ACCOUNT });
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
    });
    await client.send(
      new PutRolePolicyCommand({
        RoleName: 'app',
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: doc,
      }),
    );
    expect(role.inlinePolicies.get('AWSRevokeOlderSessions')).toBe(doc);
  });

  it('generates and returns a credential report, and answers GetUser', async () => {
    const client = iam(credsOf(operator));
    const missing = await errorOf(client.send(new GetCredentialReportCommand({})));
    expect(missing.name).toBe('CredentialReportNotPresentException');
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const report = await client.send(new GetCredentialReportCommand({}));
    const csv = Buffer.from(report.Content!).toString('utf8');
    const lines = csv.split('\n');
    expect(lines[0]!.startsWith('user,arn,user_creation_time')).toBe(true);
    expect(lines.some((l) => l.startsWith('<root_account>,'))).toBe(true);
    expect(lines.some((l) => l.startsWith(`alice,arn:aws:iam::${ACCOUNT}:user/alice,`))).toBe(true);

    const me = await client.send(new GetUserCommand({}));
    expect(me.User).toMatchObject({ UserName: 'responder', Arn: `arn:aws:iam::${ACCOUNT}:user/responder` });
  });
});

describe('faults', () => {
  it('throttles N times then succeeds, for the chosen key only', async () => {
    const fault = aws.addFault({ kind: 'throttle', accessKeyId: alice.accessKeyId, times: 2 });
    const client = sts(credsOf(alice));
    expect((await errorOf(client.send(new GetCallerIdentityCommand({})))).name).toBe('Throttling');
    await sts(credsOf(operator)).send(new GetCallerIdentityCommand({}));
    expect((await errorOf(client.send(new GetCallerIdentityCommand({})))).name).toBe('Throttling');
    expect((await client.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
    expect(fault.fired).toBe(2);
  });

  it('answers 500, denies an operation, and drops connections', async () => {
    aws.addFault({ kind: 'error500', operation: 'GetCallerIdentity', times: 1 });
    expect(await errorOf(sts(credsOf(alice)).send(new GetCallerIdentityCommand({})))).toMatchObject({
      status: 500,
    });
    aws.addFault({ kind: 'deny', operation: 'UpdateAccessKey' });
    const denied = await errorOf(
      iam(credsOf(operator)).send(
        new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: alice.accessKeyId, Status: 'Inactive' }),
      ),
    );
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(aws.state.keys.get(alice.accessKeyId)!.status).toBe('Active');
    aws.addFault({ kind: 'reset', accessKeyId: operator.accessKeyId });
    const reset = await errorOf(sts(credsOf(operator)).send(new GetCallerIdentityCommand({})));
    expect(reset.status).toBeUndefined();
  });

  it('hangs until the client gives up', async () => {
    aws.addFault({ kind: 'hang' });
    const err = await errorOf(
      sts(credsOf(alice), { requestTimeout: 200 }).send(new GetCallerIdentityCommand({})),
    );
    expect(err.name).toBe('TimeoutError');
    expect(aws.requests[0]!.status).toBeUndefined();
  });

  it('reports the peak number of requests in flight', async () => {
    aws.latencyMs = 150;
    const keys = [alice, operator, aws.addKey({ account: ACCOUNT, userName: 'bob' })];
    await Promise.all(keys.map((k) => sts(credsOf(k)).send(new GetCallerIdentityCommand({}))));
    expect(aws.maxInFlight).toBe(3);
    expect(aws.maxInFlightFor(alice.accessKeyId)).toBe(1);
    expect(aws.inFlight).toBe(0);
  });
});
