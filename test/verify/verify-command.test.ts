import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import {
  type FakeAws,
  type FakeKey,
  makeKeyId,
  makeSecret,
  startFakeAws,
} from '../support/fake-aws/server.js';

/** e2e: the built CLI (`npm run build` first) as a child process against the local endpoint. */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ACCOUNT = '111122223333';
const CANARY = '052310077262';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let aws: FakeAws;
let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'keysweep-verify-'));
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

beforeEach(async () => {
  aws = await startFakeAws();
});

afterEach(async () => {
  await aws.close();
});

/** Only what the CLI needs: no AWS variables or HOME from the parent, so nothing real is reached. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_STS: aws.url,
    NO_COLOR: '1',
    ...extra,
  };
}

function run(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: options.env ?? env(), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

function expectNoSecrets(r: Run, ...secrets: string[]): void {
  for (const s of secrets) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
}

describe('keysweep verify', () => {
  let key: FakeKey;

  beforeEach(() => {
    key = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
  });

  it('reports a live pair read from stdin, exits 1, and prints nothing secret or stray', async () => {
    const r = await run(['verify', '--key-id', key.accessKeyId, '--secret-stdin'], {
      stdin: `${key.secretAccessKey}\n`,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${key.accessKeyId}  LIVE`);
    expect(r.stdout).toContain(`arn:aws:iam::${ACCOUNT}:user/deploy`);
    expect(r.stdout).toContain(ACCOUNT);
    expect(r.stdout).toContain(`${key.secretAccessKey.slice(0, 4)}…`);
    expect(r.stderr).toBe('');
    expectNoSecrets(r, key.secretAccessKey);
    expect(aws.requests).toHaveLength(1);
    expect(aws.requests[0]!.userAgent).toContain(`keysweep/${VERSION}`);
  });

  it('reads the secret from AWS_SECRET_ACCESS_KEY and says invalid for a wrong one (exit 0)', async () => {
    const wrong = makeSecret();
    const r = await run(['verify', '--key-id', key.accessKeyId], {
      env: env({ AWS_SECRET_ACCESS_KEY: wrong }),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('invalid');
    expect(r.stdout).toContain('the key id exists, but this secret is wrong');
    expectNoSecrets(r, wrong);
  });

  it('writes a JSON report for session credentials without the secret or the token', async () => {
    const session = aws.addKey({
      account: ACCOUNT,
      session: true,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/job`,
    });
    const r = await run(['verify', '--key-id', session.accessKeyId, '--secret-stdin', '--format', 'json'], {
      stdin: `${session.secretAccessKey}\n${session.sessionToken}\n`,
    });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      run: { command: string };
      findings: { keyId: string; secretRedacted: string; verification: { status: string; arn: string } }[];
    };
    expect(report.run.command).toBe('verify');
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      keyId: session.accessKeyId,
      verification: { status: 'live', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/job` },
    });
    expect(report.findings[0]!.secretRedacted).toContain('(40 chars)');
    expectNoSecrets(r, session.secretAccessKey, session.sessionToken!);
  });

  it('never sends a canary key', async () => {
    const canary = aws.addKey({ account: CANARY, userName: 'tripwire' });
    const r = await run(['verify', '--key-id', canary.accessKeyId, '--secret-stdin'], {
      stdin: canary.secretAccessKey,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('canary (not sent)');
    expect(aws.requests).toHaveLength(0);
  });

  it('refuses to run without a secret, or with the environment secret of another key id', async () => {
    const none = await run(['verify', '--key-id', key.accessKeyId]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--secret-stdin');
    const theirs = await run(['verify', '--key-id', key.accessKeyId], {
      env: env({ AWS_ACCESS_KEY_ID: makeKeyId(ACCOUNT), AWS_SECRET_ACCESS_KEY: key.secretAccessKey }),
    });
    expect(theirs.code).toBe(2);
    expect(theirs.stderr).toContain('AWS_SECRET_ACCESS_KEY belongs to AWS_ACCESS_KEY_ID');
    expectNoSecrets(theirs, key.secretAccessKey);
    const asia = await run(['verify', '--key-id', makeKeyId(ACCOUNT, 'ASIA'), '--secret-stdin'], {
      stdin: makeSecret(),
    });
    expect(asia.code).toBe(2);
    expect(asia.stderr).toContain('session token');
    expect(aws.requests).toHaveLength(0);
  });

  it('ends with unknown (exit 3) when STS never answers, without SDK warnings', async () => {
    aws.addFault({ kind: 'hang' });
    const r = await run(['verify', '--key-id', key.accessKeyId, '--secret-stdin', '--timeout', '300'], {
      stdin: key.secretAccessKey,
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('unknown');
    expect(r.stdout).toContain('timed out');
    expect(r.stderr).toBe('');
  });
});
