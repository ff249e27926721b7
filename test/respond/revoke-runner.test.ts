import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError } from '../../src/aws/aws-call-error.js';
import { connectOperator } from '../../src/aws/operator.js';
import type { OperatorSession } from '../../src/aws/operator-api.js';
import { AuditLog, readAuditLog } from '../../src/respond/audit-log.js';
import { revokeExitCode } from '../../src/respond/revoke-outcome.js';
import { RevokeInterrupted, revokeKeys } from '../../src/respond/revoke-runner.js';
import type { RevokeTarget } from '../../src/respond/revoke-targets.js';
import { VERSION } from '../../src/version.js';
import { type FakeAws, type FakeKey, startFakeAws } from '../support/fake-aws/server.js';
import { makeOperatorSandbox, type OperatorSandbox, useProcessEnv } from '../support/operator-env.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const FAST = { confirmDelaysMs: [5, 5, 5] };

let aws: FakeAws;
let sandbox: OperatorSandbox;
let operatorKey: FakeKey;
let restoreEnv: () => void;
let session: OperatorSession | undefined;

beforeEach(async () => {
  aws = await startFakeAws();
  sandbox = makeOperatorSandbox();
  operatorKey = aws.addKey({ account: ACCOUNT, userName: 'responder' });
  restoreEnv = useProcessEnv(sandbox.env(aws, operatorKey));
});

afterEach(async () => {
  session?.close();
  session = undefined;
  restoreEnv();
  sandbox.cleanup();
  await aws.close();
});

function target(keyId: string, extra: Partial<RevokeTarget> = {}): RevokeTarget {
  return { keyId, verifiedArn: undefined, root: false, canary: false, ...extra };
}

async function connect(opts: Parameters<typeof connectOperator>[0] = {}): Promise<OperatorSession> {
  session = await connectOperator({ maxAttempts: 3, requestTimeoutMs: 2000, ...opts });
  return session;
}

/** Requests that named a key id in their parameters (the operator signs them all). */
function callsAbout(keyId: string): string[] {
  return aws.requests.filter((r) => r.params['AccessKeyId'] === keyId).map((r) => r.operation);
}

describe('connectOperator', () => {
  it('finds the operator through the default chain and says who is calling', async () => {
    const s = await connect();
    expect(s.identity).toMatchObject({
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:user/responder`,
      partition: 'aws',
    });
    expect(s.ownKeyIds).toEqual([operatorKey.accessKeyId]);
    const call = aws.requests.find((r) => r.operation === 'GetCallerIdentity')!;
    expect(call.accessKeyId).toBe(operatorKey.accessKeyId);
    expect(`${call.userAgent} ${call.amzUserAgent ?? ''}`).toContain(`keysweep/${VERSION}`);
  });

  it('assumes the incident-response role with the MFA serial and code, then acts as the role', async () => {
    const role = aws.addRole({
      roleName: 'IncidentResponse',
      account: ACCOUNT,
      requireMfa: true,
      mfaTokenCode: '246810',
    });
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'ci' });
    const s = await connect({
      roleArn: role.arn,
      mfaSerial: `arn:aws:iam::${ACCOUNT}:mfa/responder`,
      mfaCode: '246810',
    });
    const assume = aws.requests.find((r) => r.operation === 'AssumeRole')!;
    expect(assume.params).toMatchObject({
      RoleArn: role.arn,
      SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/responder`,
      TokenCode: '246810',
    });
    expect(assume.accessKeyId).toBe(operatorKey.accessKeyId);
    expect(s.identity.arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/IncidentResponse\/keysweep-/);
    expect(s.assumedRoleArn).toBe(s.identity.arn);
    expect(s.ownKeyIds).toHaveLength(2);
    expect(s.ownKeyIds[1]).toMatch(/^ASIA/);

    const [o] = await revokeKeys([target(leaked.accessKeyId)], s, { apply: true, ...FAST });
    expect(o!.status).toBe('deactivated');
    const update = aws.requests.find((r) => r.operation === 'UpdateAccessKey')!;
    expect(update.accessKeyId).toBe(s.ownKeyIds[1]);
    expect(leaked.status).toBe('Inactive');
  });

  it('reports a wrong MFA code as access denied from sts:AssumeRole', async () => {
    const role = aws.addRole({ roleName: 'IR', account: ACCOUNT, requireMfa: true, mfaTokenCode: '246810' });
    const err = await connect({
      roleArn: role.arn,
      mfaSerial: `arn:aws:iam::${ACCOUNT}:mfa/x`,
      mfaCode: '000000',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({ kind: 'denied', operation: 'sts:AssumeRole', exitCode: 3 });
  });

  it('rejects MFA flags without a role, and a malformed code, before any network call', async () => {
    await expect(
      connect({ mfaSerial: 'arn:aws:iam::111122223333:mfa/x', mfaCode: '123456' }),
    ).rejects.toMatchObject({
      exitCode: 2,
    });
    await expect(
      connect({
        roleArn: `arn:aws:iam::${ACCOUNT}:role/IR`,
        mfaSerial: 'arn:aws:iam::111122223333:mfa/x',
        mfaCode: '12ab',
      }),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(aws.requests).toHaveLength(0);
  });

  it('says the endpoint is unreachable when nothing listens', async () => {
    const port = await closedPort();
    process.env['AWS_ENDPOINT_URL_STS'] = `http://127.0.0.1:${port}`;
    process.env['AWS_ENDPOINT_URL_IAM'] = `http://127.0.0.1:${port}`;
    const err = await connect({ maxAttempts: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({ kind: 'unreachable', awsCode: 'ECONNREFUSED', exitCode: 3 });
  });

  it('says the credentials were rejected when AWS does not know the operator key', async () => {
    operatorKey.status = 'Inactive';
    await expect(connect()).rejects.toMatchObject({ kind: 'credentials', awsCode: 'InvalidClientTokenId' });
  });
});

describe('revokeKeys', () => {
  it('an audit log that fails mid-run stops the run and keeps the outcomes so far', async () => {
    const first = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const second = aws.addKey({ account: ACCOUNT, userName: 'bob' });
    const third = aws.addKey({ account: ACCOUNT, userName: 'carol' });
    const s = await connect();
    const auditPath = join(sandbox.home, 'audit.jsonl');
    const audit = new AuditLog(auditPath, s.identity.arn);
    const run = revokeKeys(
      [target(first.accessKeyId), target(second.accessKeyId), target(third.accessKeyId)],
      s,
      {
        apply: true,
        audit,
        ...FAST,
        // The log is replaced by a folder once the first key is done: the next append fails (EISDIR).
        onOutcome: () => {
          rmSync(auditPath, { force: true, recursive: true });
          mkdirSync(auditPath, { recursive: true });
        },
      },
    );
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RevokeInterrupted);
    const stopped = err as RevokeInterrupted;
    expect(stopped.exitCode).toBe(3);
    expect(stopped.message).toContain(`audit log ${auditPath} cannot be written (EISDIR)`);
    expect(stopped.outcomes.map((o) => [o.keyId, o.status])).toEqual([
      [first.accessKeyId, 'deactivated'],
      [second.accessKeyId, 'failed'],
      [third.accessKeyId, 'failed'],
    ]);
    expect(stopped.outcomes[1]!.message).toContain('stopped: audit log');
    expect(stopped.outcomes[2]!.message).toBe('not attempted: the audit log could not be written');
    expect([first.status, second.status, third.status]).toEqual(['Inactive', 'Active', 'Active']);
    expect(callsAbout(third.accessKeyId)).toEqual([]);
  });

  it('dry run: looks up the owner and prints the exact command, but changes nothing', async () => {
    const leaked = aws.addKey({
      account: ACCOUNT,
      userName: 'alice',
      lastUsed: { date: new Date('2026-01-02T03:04:05Z'), service: 's3', region: 'eu-west-1' },
    });
    const s = await connect();
    const auditPath = join(sandbox.home, 'audit.jsonl');
    const audit = new AuditLog(auditPath, s.identity.arn);
    const outcomes = await revokeKeys([target(leaked.accessKeyId)], s, {
      apply: false,
      audit,
      quarantine: true,
      delete: true,
    });
    expect(outcomes[0]).toMatchObject({
      status: 'planned',
      account: ACCOUNT,
      userName: 'alice',
      lastUsed: { date: '2026-01-02T03:04:05.000Z', service: 's3', region: 'eu-west-1' },
    });
    expect(outcomes[0]!.steps.map((st) => [st.action, st.state, st.command])).toEqual([
      [
        'deactivate',
        'planned',
        `aws iam update-access-key --user-name alice --access-key-id ${leaked.accessKeyId} --status Inactive`,
      ],
      [
        'quarantine',
        'planned',
        'aws iam attach-user-policy --user-name alice --policy-arn arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
      ],
      [
        'delete',
        'planned',
        `aws iam delete-access-key --user-name alice --access-key-id ${leaked.accessKeyId}`,
      ],
    ]);
    expect(leaked.status).toBe('Active');
    expect(aws.state.keys.has(leaked.accessKeyId)).toBe(true);
    expect(aws.state.getUser(ACCOUNT, 'alice')!.attachedPolicies).toEqual([]);
    const mutating = aws.requests.filter((r) => /^(Update|Delete|Attach|Put)/.test(r.operation));
    expect(mutating).toEqual([]);
    expect(existsSync(auditPath)).toBe(false);
    expect(revokeExitCode(outcomes)).toBe(0);
  });

  it('--yes: deactivates, confirms, quarantines and deletes, and the audit log holds every call', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const s = await connect();
    const auditPath = join(sandbox.home, 'audit.jsonl');
    const audit = new AuditLog(auditPath, s.identity.arn);
    const outcomes = await revokeKeys([target(leaked.accessKeyId)], s, {
      apply: true,
      audit,
      quarantine: true,
      delete: true,
      ...FAST,
    });
    expect(outcomes[0]).toMatchObject({ status: 'deactivated', userName: 'alice' });
    expect(outcomes[0]!.message).toContain('quarantine policy attached');
    expect(aws.state.keys.has(leaked.accessKeyId)).toBe(false);
    expect(aws.state.getUser(ACCOUNT, 'alice')!.attachedPolicies.map((p) => p.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
    ]);
    expect(callsAbout(leaked.accessKeyId)).toEqual([
      'GetAccessKeyLastUsed',
      'UpdateAccessKey',
      'DeleteAccessKey',
    ]);
    const update = aws.requests.find((r) => r.operation === 'UpdateAccessKey')!;
    expect(update.params).toMatchObject({ UserName: 'alice', Status: 'Inactive' });

    const { entries, badLines } = await readAuditLog(auditPath);
    expect(badLines).toEqual([]);
    expect(entries.map((e) => [e.action, e.result])).toEqual([
      ['lookup-owner', 'ok'],
      ['list-keys', 'ok'],
      ['deactivate', 'ok'],
      ['confirm', 'ok'],
      ['quarantine', 'ok'],
      ['delete', 'ok'],
    ]);
    for (const e of entries) {
      expect(e).toMatchObject({
        keyId: leaked.accessKeyId,
        operator: s.identity.arn,
        runId: audit.runId,
        account: ACCOUNT,
      });
      expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(e.time)).not.toBeNaN();
    }
    expect(entries.find((e) => e.action === 'deactivate')!.userName).toBe('alice');
    expect(readFileSync(auditPath, 'utf8')).not.toContain(leaked.secretAccessKey);
    expect(revokeExitCode(outcomes)).toBe(0);
  });

  it('refuses a key of another account without a single IAM call about it', async () => {
    const foreign = aws.addKey({ account: OTHER, userName: 'mallory' });
    const s = await connect();
    const audit = new AuditLog(join(sandbox.home, 'audit.jsonl'), s.identity.arn);
    const outcomes = await revokeKeys([target(foreign.accessKeyId, { canary: true })], s, {
      apply: true,
      audit,
    });
    expect(outcomes[0]!.status).toBe('refused');
    expect(outcomes[0]!.message).toContain(`account ${OTHER}, not the operator's account ${ACCOUNT}`);
    expect(outcomes[0]!.message).toContain('canary');
    expect(callsAbout(foreign.accessKeyId)).toEqual([]);
    expect(foreign.status).toBe('Active');
    expect(audit.entries.map((e) => [e.action, e.result])).toEqual([['refuse', 'refused']]);
    expect(revokeExitCode(outcomes)).toBe(1);
  });

  it("refuses the operator's own key", async () => {
    const s = await connect();
    const outcomes = await revokeKeys([target(operatorKey.accessKeyId)], s, { apply: true });
    expect(outcomes[0]!.status).toBe('refused');
    expect(outcomes[0]!.message).toContain('the key the operator is signing with');
    expect(operatorKey.status).toBe('Active');
    expect(aws.requests.some((r) => r.operation === 'UpdateAccessKey')).toBe(false);
  });

  it('an already inactive key is a success with no change', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice', status: 'Inactive' });
    const s = await connect();
    const audit = new AuditLog(join(sandbox.home, 'audit.jsonl'), s.identity.arn);
    const outcomes = await revokeKeys([target(leaked.accessKeyId)], s, { apply: true, audit });
    expect(outcomes[0]!.status).toBe('already-inactive');
    expect(aws.requests.some((r) => r.operation === 'UpdateAccessKey')).toBe(false);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'deactivate', result: 'no-change' });
    expect(revokeExitCode(outcomes)).toBe(0);
  });

  it('tolerates eventual consistency: a stale Active read after the update is re-read', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    aws.state.staleReadsAfterUpdate = 2;
    const s = await connect();
    const [o] = await revokeKeys([target(leaked.accessKeyId)], s, { apply: true, ...FAST });
    expect(o!.status).toBe('deactivated');
    expect(o!.steps.find((st) => st.action === 'confirm')!.state).toBe('done');
    const lists = aws.requests.filter((r) => r.operation === 'ListAccessKeys');
    expect(lists).toHaveLength(1 + 3); // the plan's read, then two stale reads and a fresh one
  });

  it('says so, without failing, when IAM keeps reading Active', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    aws.state.staleReadsAfterUpdate = 100;
    const s = await connect();
    const [o] = await revokeKeys([target(leaked.accessKeyId)], s, { apply: true, ...FAST });
    expect(o!.status).toBe('deactivated');
    expect(o!.steps.find((st) => st.action === 'confirm')!.state).toBe('unconfirmed');
    expect(o!.message).toContain('eventual consistency');
    expect(leaked.status).toBe('Inactive');
  });

  it('access denied on the update: the key is reported failed, the audit log records it, exit 3', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    aws.addFault({ kind: 'deny', operation: 'UpdateAccessKey' });
    const s = await connect();
    const audit = new AuditLog(join(sandbox.home, 'audit.jsonl'), s.identity.arn);
    const outcomes = await revokeKeys([target(leaked.accessKeyId)], s, { apply: true, audit });
    expect(outcomes[0]).toMatchObject({ status: 'failed', failure: 'denied' });
    expect(outcomes[0]!.message).toContain('iam:UpdateAccessKey failed: AccessDenied');
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'deactivate',
      result: 'failed',
      errorCode: 'AccessDenied',
    });
    expect(leaked.status).toBe('Active');
    expect(revokeExitCode(outcomes)).toBe(3);
  });

  it('rides out brief throttling with the SDK retries, and reports lasting throttling', async () => {
    const a = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const b = aws.addKey({ account: ACCOUNT, userName: 'bob' });
    const s = await connect({ maxAttempts: 2 });
    aws.addFault({ kind: 'throttle', operation: 'GetAccessKeyLastUsed', times: 1 });
    const [first] = await revokeKeys([target(a.accessKeyId)], s, { apply: true, ...FAST });
    expect(first!.status).toBe('deactivated');
    expect(aws.requests.filter((r) => r.errorCode === 'Throttling')).toHaveLength(1);

    aws.addFault({ kind: 'throttle', operation: 'UpdateAccessKey' });
    const outcomes = await revokeKeys([target(b.accessKeyId)], s, { apply: true, ...FAST });
    expect(outcomes[0]).toMatchObject({ status: 'failed', failure: 'throttled' });
    expect(b.status).toBe('Active');
    expect(revokeExitCode(outcomes)).toBe(3);
  });

  it('stops after the endpoint goes away mid-run instead of failing every key slowly', async () => {
    const a = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const b = aws.addKey({ account: ACCOUNT, userName: 'bob' });
    const s = await connect({ maxAttempts: 1 });
    aws.addFault({ kind: 'reset' });
    const outcomes = await revokeKeys([target(a.accessKeyId), target(b.accessKeyId)], s, { apply: true });
    expect(outcomes.map((o) => [o.status, o.failure])).toEqual([
      ['failed', 'unreachable'],
      ['failed', 'unreachable'],
    ]);
    expect(outcomes[1]!.message).toContain('not attempted');
    expect(callsAbout(b.accessKeyId)).toEqual([]);
    expect(revokeExitCode(outcomes)).toBe(3);
  });

  it('resolves a legacy key id through sts:GetAccessKeyInfo before acting', async () => {
    const legacyId = 'AKIAJ' + 'QWERTYUIOPASDFG';
    const legacy = aws.addKey({ account: ACCOUNT, userName: 'old', accessKeyId: legacyId });
    const s = await connect();
    const [o] = await revokeKeys([target(legacy.accessKeyId)], s, { apply: true, ...FAST });
    expect(o).toMatchObject({ status: 'deactivated', account: ACCOUNT });
    expect(callsAbout(legacyId)[0]).toBe('GetAccessKeyInfo');
  });

  it('temporary keys: explains without a role; revokes older sessions with one', async () => {
    const role = aws.addRole({ roleName: 'Deploy', account: ACCOUNT });
    const temp = aws.addKey({
      account: ACCOUNT,
      session: true,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deploy/ci-7`,
    });
    const s = await connect();
    const t = target(temp.accessKeyId, { verifiedArn: temp.arn });
    const [explained] = await revokeKeys([t], s, { apply: true });
    expect(explained!.status).toBe('manual');
    expect(explained!.message).toContain('--revoke-sessions Deploy');

    const [wrongRole] = await revokeKeys([t], s, { apply: true, revokeSessionsRole: 'Other' });
    expect(wrongRole!.status).toBe('manual');
    expect(role.inlinePolicies.size).toBe(0);

    const before = Date.now();
    const [done] = await revokeKeys([t], s, { apply: true, revokeSessionsRole: 'Deploy' });
    expect(done).toMatchObject({ status: 'sessions-revoked', roleName: 'Deploy' });
    const policy = JSON.parse(role.inlinePolicies.get('AWSRevokeOlderSessions')!);
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Deny', Action: ['*'], Resource: ['*'] });
    const issued = Date.parse(policy.Statement[0].Condition.DateLessThan['aws:TokenIssueTime']);
    expect(issued).toBeGreaterThanOrEqual(before - 1000);
    expect(revokeExitCode([done!])).toBe(0);
  });

  it('root keys: explains what the root user must do and changes nothing', async () => {
    const rootKey = aws.addKey({ account: ACCOUNT, root: true });
    const s = await connect();
    const outcomes = await revokeKeys([target(rootKey.accessKeyId)], s, { apply: true });
    expect(outcomes[0]!.status).toBe('manual');
    expect(outcomes[0]!.message).toContain('only the root user');
    expect(rootKey.status).toBe('Active');
    expect(revokeExitCode(outcomes)).toBe(1);
  });

  it('a key whose owner no longer exists is not found (exit 1, not an AWS failure)', async () => {
    const orphan = aws.addKey({ account: ACCOUNT, userName: 'ghost' });
    aws.state.users.delete(`${ACCOUNT}/ghost`);
    const s = await connect();
    const outcomes = await revokeKeys([target(orphan.accessKeyId)], s, { apply: true });
    expect(outcomes[0]).toMatchObject({ status: 'not-found', failure: 'not-found', userName: 'ghost' });
    expect(outcomes[0]!.message).toContain('NoSuchEntity');
    expect(revokeExitCode(outcomes)).toBe(1);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
