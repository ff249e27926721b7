import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { type FakeAws, type FakeKey, startFakeAws } from '../support/fake-aws/server.js';
import { childEnv, makeOperatorSandbox, type OperatorSandbox } from '../support/operator-env.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli.js');
const ACCOUNT = '111122223333';
const OTHER = '444455556666';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI; async, because the fake endpoint answers from this same process. */
function keysweep(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: childEnv(env), cwd, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

let aws: FakeAws;
let sandbox: OperatorSandbox;
let operator: FakeKey;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
});

beforeEach(async () => {
  aws = await startFakeAws();
  sandbox = makeOperatorSandbox();
  operator = aws.addKey({ account: ACCOUNT, userName: 'responder' });
});

afterEach(async () => {
  sandbox.cleanup();
  await aws.close();
});

function env(): Record<string, string> {
  return sandbox.env(aws, operator);
}

function writeReport(findings: unknown[]): string {
  const path = join(sandbox.home, 'report.json');
  writeFileSync(
    path,
    JSON.stringify({
      schemaVersion: 1,
      tool: { name: 'keysweep', version: VERSION },
      run: {
        command: 'scan',
        roots: ['.'],
        startedAt: '2026-03-01T10:00:00Z',
        finishedAt: '2026-03-01T10:00:01Z',
      },
      stats: { files: 1, blobs: 0, bytes: 1, skipped: {}, findings: findings.length },
      findings,
      issues: [],
    }),
  );
  return path;
}

describe('keysweep revoke (built CLI, local endpoint)', () => {
  it('dry run by default: prints the plan, changes nothing, writes no audit log, says nothing on stderr', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const r = await keysweep(['revoke', '--key-id', leaked.accessKeyId], env(), sandbox.home);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`operator: arn:aws:iam::${ACCOUNT}:user/responder (account ${ACCOUNT})`);
    expect(r.stdout).toContain(
      `aws iam update-access-key --user-name alice --access-key-id ${leaked.accessKeyId} --status Inactive`,
    );
    expect(r.stdout).toContain('dry run: nothing was changed; rerun with --yes to act');
    expect(leaked.status).toBe('Active');
    expect(existsSync(join(sandbox.home, 'keysweep-audit.jsonl'))).toBe(false);
    expect(
      aws.requests.every(
        (r2) =>
          r2.userAgent.includes(`keysweep/${VERSION}`) ||
          (r2.amzUserAgent ?? '').includes(`keysweep/${VERSION}`),
      ),
    ).toBe(true);
  });

  it('--yes --report --status live: deactivates the live key only and writes the audit log', async () => {
    const live = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const dead = aws.addKey({ account: ACCOUNT, userName: 'bob' });
    const report = writeReport([
      {
        fingerprint: 'a',
        kind: 'aws-key-pair',
        keyId: live.accessKeyId,
        secret: live.secretAccessKey,
        occurrences: [],
        verification: { status: 'live' },
      },
      {
        fingerprint: 'b',
        kind: 'aws-key-pair',
        keyId: dead.accessKeyId,
        occurrences: [],
        verification: { status: 'invalid' },
      },
    ]);
    const r = await keysweep(
      ['revoke', '--report', report, '--status', 'live', '--yes', '--format', 'json'],
      env(),
      sandbox.home,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.mode).toBe('apply');
    expect(out.outcomes.map((o: { keyId: string; status: string }) => [o.keyId, o.status])).toEqual([
      [live.accessKeyId, 'deactivated'],
    ]);
    expect(live.status).toBe('Inactive');
    expect(dead.status).toBe('Active');
    const audit = readFileSync(join(sandbox.home, 'keysweep-audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'lookup-owner',
      'list-keys',
      'deactivate',
      'confirm',
    ]);
    expect(
      audit.every((e: { operator: string }) => e.operator === `arn:aws:iam::${ACCOUNT}:user/responder`),
    ).toBe(true);
    expect(r.stdout + r.stderr + JSON.stringify(audit)).not.toContain(live.secretAccessKey);
  });

  it('tolerates a stale Active read after the update', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    aws.state.staleReadsAfterUpdate = 1;
    const r = await keysweep(['revoke', '--key-id', leaked.accessKeyId, '--yes'], env(), sandbox.home);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('done: IAM reads the key as Inactive');
  });

  it('refuses a foreign-account key and the operator key: exit 1, nothing changed', async () => {
    const foreign = aws.addKey({ account: OTHER, userName: 'x' });
    const r = await keysweep(
      ['revoke', '--key-id', foreign.accessKeyId, '--key-id', operator.accessKeyId, '--yes'],
      env(),
      sandbox.home,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${foreign.accessKeyId}  [refused]`);
    expect(r.stdout).toContain(`${operator.accessKeyId}  [refused]`);
    expect(r.stdout).toContain('summary: 2 refused');
    expect(foreign.status).toBe('Active');
    expect(operator.status).toBe('Active');
    expect(aws.requests.filter((q) => q.operation === 'UpdateAccessKey')).toEqual([]);
  });

  it('assumes the incident-response role with MFA from the flags', async () => {
    const role = aws.addRole({ roleName: 'IR', account: ACCOUNT, requireMfa: true, mfaTokenCode: '135790' });
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const r = await keysweep(
      [
        'revoke',
        '--key-id',
        leaked.accessKeyId,
        '--yes',
        '--role-arn',
        role.arn,
        '--mfa-serial',
        `arn:aws:iam::${ACCOUNT}:mfa/me`,
        '--mfa-code',
        '135790',
      ],
      env(),
      sandbox.home,
    );
    expect(r.code).toBe(0);
    expect(aws.requests.find((q) => q.operation === 'AssumeRole')!.params).toMatchObject({
      SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/me`,
      TokenCode: '135790',
    });
    expect(r.stdout).toMatch(/operator: arn:aws:sts::111122223333:assumed-role\/IR\/keysweep-\d+/);
    expect(leaked.status).toBe('Inactive');
    const audit = readFileSync(join(sandbox.home, 'keysweep-audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const base = `arn:aws:iam::${ACCOUNT}:user/responder`;
    expect(audit.every((e: { assumedFrom?: string }) => e.assumedFrom === base)).toBe(true);
    expect(audit[0]).toMatchObject({
      action: 'assume-role',
      result: 'ok',
      keyId: operator.accessKeyId,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      detail: expect.stringContaining(`assumed ${role.arn} as arn:aws:sts::${ACCOUNT}:assumed-role/IR/`),
    });
    expect(audit.map((e: { action: string }) => e.action)).toContain('deactivate');
  });

  it('--profile reads the operator from the shared credentials file', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const { AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, ...e } = env();
    mkdirSync(join(sandbox.home, '.aws'), { recursive: true });
    writeFileSync(
      e['AWS_SHARED_CREDENTIALS_FILE']!,
      `[ir]\naws_access_key_id = ${operator.accessKeyId}\naws_secret_access_key = ${operator.secretAccessKey}\n`,
    );
    const r = await keysweep(['revoke', '--key-id', leaked.accessKeyId, '--profile', 'ir'], e, sandbox.home);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`would deactivate ${leaked.accessKeyId} of user alice`);
    expect(aws.requests[0]!.accessKeyId).toBe(operator.accessKeyId);
    const missing = await keysweep(
      ['revoke', '--key-id', leaked.accessKeyId, '--profile', 'nope'],
      e,
      sandbox.home,
    );
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('profile nope is in neither');
    expect(missing.stderr).toContain('aws configure list-profiles` (found: ir)');
    expect(missing.stderr).not.toContain('Could not load credentials from any providers');
  });

  it('a refused MFA code or an untrusting role points at the MFA flags or the trust policy, not at --role-arn', async () => {
    const role = aws.addRole({ roleName: 'IR', account: ACCOUNT, requireMfa: true, mfaTokenCode: '135790' });
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const mfa = ['--mfa-serial', `arn:aws:iam::${ACCOUNT}:mfa/me`];
    const wrongCode = await keysweep(
      ['revoke', '--key-id', leaked.accessKeyId, '--role-arn', role.arn, ...mfa, '--mfa-code', '000000'],
      env(),
      sandbox.home,
    );
    expect(wrongCode.code).toBe(3);
    expect(wrongCode.stderr).toContain('sts:AssumeRole failed: AccessDenied');
    expect(wrongCode.stderr).toContain('hint: the MFA code was refused: check --mfa-serial');
    expect(wrongCode.stderr).not.toContain('(--role-arn)');
    const foreign = aws.addRole({ roleName: 'Elsewhere', account: OTHER });
    const untrusted = await keysweep(
      ['revoke', '--key-id', leaked.accessKeyId, '--role-arn', foreign.arn],
      env(),
      sandbox.home,
    );
    expect(untrusted.code).toBe(3);
    expect(untrusted.stderr).toContain("hint: the role's trust policy must let the operator assume it");
    expect(untrusted.stderr).not.toContain('(--role-arn)');
  });

  it('a key no longer in the account is not found (exit 1), not an operator failure', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const first = await keysweep(
      ['revoke', '--key-id', leaked.accessKeyId, '--yes', '--delete'],
      env(),
      sandbox.home,
    );
    expect(first.code).toBe(0);
    const again = await keysweep(['revoke', '--key-id', leaked.accessKeyId, '--yes'], env(), sandbox.home);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`${leaked.accessKeyId}  [not found]`);
    expect(again.stdout).toContain(
      `${leaked.accessKeyId} not found in account ${ACCOUNT} (deleted already, or never existed); nothing to deactivate`,
    );
    expect(again.stdout).not.toContain('--role-arn');
  });

  it('AccessDenied on the owner lookup means not found only when the report said invalid', async () => {
    const gone = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    aws.state.keys.delete(gone.accessKeyId);
    // Real IAM may answer AccessDenied, not NoSuchEntity, for a key id it does not hold.
    aws.addFault({ kind: 'deny', operation: 'GetAccessKeyLastUsed' });
    const report = writeReport([
      {
        fingerprint: 'a',
        kind: 'aws-key-pair',
        keyId: gone.accessKeyId,
        occurrences: [],
        verification: { status: 'invalid' },
      },
    ]);
    const fromReport = await keysweep(['revoke', '--report', report, '--yes'], env(), sandbox.home);
    expect(fromReport.code).toBe(1);
    expect(fromReport.stdout).toContain(`${gone.accessKeyId}  [not found]`);
    expect(fromReport.stdout).toContain('the report verified the key invalid');
    // Without that evidence it may be the operator's permission: still exit 3.
    const bare = await keysweep(['revoke', '--key-id', gone.accessKeyId, '--yes'], env(), sandbox.home);
    expect(bare.code).toBe(3);
    expect(bare.stdout).toContain('iam:GetAccessKeyLastUsed failed: AccessDenied');
  });

  it('access denied: exit 3 with the IAM action named', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    aws.addFault({ kind: 'deny', operation: 'UpdateAccessKey' });
    const r = await keysweep(['revoke', '--key-id', leaked.accessKeyId, '--yes'], env(), sandbox.home);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('iam:UpdateAccessKey failed: AccessDenied');
    expect(leaked.status).toBe('Active');
  });

  it('an unreachable endpoint: exit 3, a clear message on stderr, nothing on stdout', async () => {
    const port = await closedPort();
    const e = {
      ...env(),
      AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${port}`,
      AWS_ENDPOINT_URL_IAM: `http://127.0.0.1:${port}`,
    };
    const r = await keysweep(['revoke', '--key-id', 'AKIARZPUZDIKGB2VALC4'], e, sandbox.home);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('keysweep: sts:GetCallerIdentity failed: ECONNREFUSED');
    expect(r.stderr).toContain('hint: check the network');
  });

  it('--timeout bounds each call to a hanging endpoint: exit 3 naming the timeout', async () => {
    await aws.close();
    aws = await startFakeAws({ latencyMs: 4000 });
    operator = aws.addKey({ account: ACCOUNT, userName: 'responder' });
    const r = await keysweep(
      ['revoke', '--key-id', 'AKIARZPUZDIKGB2VALC4', '--timeout', '150'],
      env(),
      sandbox.home,
    );
    // Without the flag each call would wait the endpoint out and succeed (a dry run: exit 0).
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/sts:GetCallerIdentity failed: .*time/i);
    const bad = await keysweep(
      ['revoke', '--key-id', 'AKIARZPUZDIKGB2VALC4', '--timeout', '0'],
      env(),
      sandbox.home,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--timeout '0' is not a positive whole number");
  });

  it('no operator credentials anywhere: exit 3 naming the fix', async () => {
    const { AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, ...noCreds } = env();
    const r = await keysweep(['revoke', '--key-id', 'AKIARZPUZDIKGB2VALC4'], noCreds, sandbox.home);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('resolve operator credentials failed');
    expect(r.stderr).toContain('--profile');
    expect(aws.requests).toEqual([]);
  });

  it('an unwritable --output or --audit is a usage error before any AWS call', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const missing = join(sandbox.home, 'no-such-dir');
    const cases: [string[], RegExp][] = [
      [['-o', join(missing, 'out.txt')], /output file .*out\.txt cannot be written \(ENOENT\)/],
      [['--audit', join(missing, 'audit.jsonl')], /audit log .*audit\.jsonl cannot be written \(ENOENT\)/],
      [['--audit', sandbox.home], /audit log .* cannot be written \(EISDIR\)/],
    ];
    for (const [extra, message] of cases) {
      const r = await keysweep(
        ['revoke', '--key-id', leaked.accessKeyId, '--yes', ...extra],
        env(),
        sandbox.home,
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('internal error');
    }
    expect(aws.requests).toEqual([]);
    expect(leaked.status).toBe('Active');
  });

  it('an audit log that fails mid-run: the outcomes so far are still printed, then a clear error, exit 3', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    // /dev/full passes the up-front check (it exists and is writable) and fails every write (ENOSPC).
    const r = await keysweep(
      ['revoke', '--key-id', leaked.accessKeyId, '--yes', '--audit', '/dev/full'],
      env(),
      sandbox.home,
    );
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`${leaked.accessKeyId}  [failed]`);
    expect(r.stdout).toContain('stopped: audit log /dev/full cannot be written (ENOSPC)');
    expect(r.stderr).toContain('keysweep: audit log /dev/full cannot be written (ENOSPC)');
    expect(r.stderr).not.toContain('internal error');
    expect(leaked.status).toBe('Active');
  });

  it('usage errors exit 2 before any call', async () => {
    const bad = await keysweep(['revoke', '--key-id', 'not-a-key'], env(), sandbox.home);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an AWS access key id');
    const noReport = await keysweep(
      ['revoke', '--report', join(sandbox.home, 'missing.json')],
      env(),
      sandbox.home,
    );
    expect(noReport.code).toBe(2);
    expect(noReport.stderr).toContain('cannot be read (ENOENT)');
    expect(aws.requests).toEqual([]);
  });
});

describe('keysweep checklist and posture (built CLI)', () => {
  it('checklist: fills in the audit log and commands, never the secret', async () => {
    const leaked = aws.addKey({ account: ACCOUNT, userName: 'alice' });
    const report = writeReport([
      {
        fingerprint: 'a',
        kind: 'aws-key-pair',
        keyId: leaked.accessKeyId,
        secret: leaked.secretAccessKey,
        occurrences: [
          {
            kind: 'git',
            path: 'app/.env',
            line: 2,
            column: 1,
            commit: 'abcdefabcdefabcdefabcdefabcdefabcdefabcd',
            author: 'Dev',
            email: 'dev@example.com',
            date: '2026-02-03T04:05:06Z',
          },
        ],
        verification: { status: 'live', arn: `arn:aws:iam::${ACCOUNT}:user/alice` },
      },
    ]);
    const revoke = await keysweep(['revoke', '--report', report, '--yes'], env(), sandbox.home);
    expect(revoke.code).toBe(0);
    const r = await keysweep(
      ['checklist', report, '-o', join(sandbox.home, 'INCIDENT.md')],
      env(),
      sandbox.home,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const md = readFileSync(join(sandbox.home, 'INCIDENT.md'), 'utf8');
    expect(md).not.toContain(leaked.secretAccessKey);
    expect(md).toContain('- [x] **2. Contain**');
    expect(md).toMatch(/deactivate: ok, user alice, request `[0-9a-f-]{36}`/);
    expect(md).toContain(`AttributeValue=${leaked.accessKeyId} --start-time 2026-02-03T04:05:06Z`);
    expect(md).toContain(
      '- `app/.env:2` in commit `abcdefabcdef` by Dev <dev@example.com> on 2026-02-03T04:05:06.000Z',
    );

    const asJson = await keysweep(['checklist', report, '--format', 'json'], env(), sandbox.home);
    expect(JSON.parse(asJson.stdout).keys[0].owner).toBe('alice');
  });

  it('checklist: an --audit folder is a usage error, not an internal one', async () => {
    const report = writeReport([]);
    const r = await keysweep(['checklist', report, '--audit', sandbox.home], env(), sandbox.home);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`audit log ${sandbox.home} cannot be read (EISDIR)`);
  });

  it('checklist: a file that is not a report is a usage error', async () => {
    const path = join(sandbox.home, 'x.json');
    writeFileSync(path, '[1,2]');
    const r = await keysweep(['checklist', path], env(), sandbox.home);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`report ${path} is not a keysweep JSON report`);
  });

  it('posture: generates, polls and reads the credential report; exit 1 when something needs fixing', async () => {
    aws.addKey({ account: ACCOUNT, userName: 'alice' });
    aws.addKey({ account: ACCOUNT, userName: 'alice' });
    aws.addKey({ account: ACCOUNT, root: true });
    const r = await keysweep(['posture'], env(), sandbox.home);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/root access keys present\s+1 ✗/);
    expect(r.stdout).toMatch(/users with two active keys\s+1 ✗\s+alice/);
    expect(r.stdout).toMatch(
      /users without MFA\s+2 ✗\s+responder, alice|users without MFA\s+2 ✗\s+alice, responder/,
    );
    const ops = aws.requests.map((q) => q.operation).filter((o) => o.includes('CredentialReport'));
    expect(ops).toEqual(['GenerateCredentialReport', 'GenerateCredentialReport', 'GetCredentialReport']);

    const json = join(sandbox.home, 'posture.json');
    const asJson = await keysweep(['posture', '--format', 'json', '-o', json], env(), sandbox.home);
    expect(asJson.code).toBe(1);
    const report = writeReport([]);
    const withPosture = await keysweep(['checklist', report, '--posture', json], env(), sandbox.home);
    expect(withPosture.stdout).toContain('## IAM posture');
    expect(withPosture.stdout).toContain('| users with two active keys | 1 to fix | alice |');
  });

  it('posture: access denied is exit 3', async () => {
    aws.addFault({ kind: 'deny', operation: 'GenerateCredentialReport' });
    const r = await keysweep(['posture'], env(), sandbox.home);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('iam:GenerateCredentialReport failed: AccessDenied');
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
