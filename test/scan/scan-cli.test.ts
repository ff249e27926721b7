import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../support/fake-aws/server.js';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { CLI, runCli } from '../support/run-cli.js';

const ID = fakeKeyId('cli-1');
const SECRET = fakeSecret('cli-1');
const ID2 = fakeKeyId('cli-2');

let root: string;
const trees: string[] = [];

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ks-scan-'));
  trees.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

afterEach(() => {
  for (const d of trees.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CREDS = `[default]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`;

describe('keysweep scan', () => {
  it('runs by its own path, as npx runs it: the built CLI is executable', () => {
    expect(execFileSync(CLI, ['--version'], { encoding: 'utf8' })).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 0 with a summary on a clean tree, and writes nothing to stderr', async () => {
    root = tree({ 'README.md': '# hello\n', 'src/a.js': 'const region = "us-east-1";\n' });
    const r = await runCli(['scan', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no findings in 2 files');
    expect(r.stderr).toBe('');
  });

  it('exits 1 on a leak and never prints the secret by default', async () => {
    root = tree({ 'home/.aws/credentials': CREDS });
    const text = await runCli(['scan', root]);
    const json = await runCli(['scan', root, '--format', 'json']);
    for (const r of [text, json]) {
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(r.stdout + r.stderr).not.toContain(SECRET.slice(4, 36));
    }
    expect(text.stdout).toContain(ID);
    expect(text.stdout).toContain('home/.aws/credentials:2:21');
    expect(text.stdout).not.toMatch(/\x1b\[/); // no colour when stdout is not a terminal
  });

  it('writes the documented JSON schema', async () => {
    root = tree({ 'home/.aws/credentials': CREDS });
    const r = await runCli(['scan', root, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'keysweep' },
      run: { command: 'scan', roots: [root] },
      stats: { files: 1, findings: 1 },
      issues: [],
    });
    expect(report.findings).toHaveLength(1);
    const [f] = report.findings;
    expect(f).toMatchObject({
      kind: 'aws-key-pair',
      keyId: ID,
      keyType: 'long-term',
      severity: 'high',
      canary: false,
      occurrences: [{ kind: 'file', path: 'home/.aws/credentials', line: 2, column: 21, secretLine: 3 }],
    });
    expect(f.account).toMatch(/^\d{12}$/);
    expect(f.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(f.secretRedacted).toMatch(/^.{4}….{4} \(40 chars\)$/);
    expect(f).not.toHaveProperty('secret');
  });

  it('shows raw secrets only with --show-secrets', async () => {
    root = tree({ 'a.env': CREDS });
    const r = await runCli(['scan', root, '--format', 'json', '--show-secrets']);
    expect(JSON.parse(r.stdout).findings[0].secret).toBe(SECRET);
  });

  it('reports one finding per credential, with every place, and a moved line keeps its fingerprint', async () => {
    root = tree({ 'a.ini': CREDS, 'b/c.ini': `\n\n# moved\n${CREDS}` });
    const r = await runCli(['scan', root, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toHaveLength(1);
    expect(
      report.findings[0].occurrences.map((o: { path: string; line: number }) => `${o.path}:${o.line}`).sort(),
    ).toEqual(['a.ini:2', 'b/c.ini:5']);
    const alone = JSON.parse((await runCli(['scan', join(root, 'b'), '--format', 'json'])).stdout);
    expect(alone.findings[0].fingerprint).toBe(report.findings[0].fingerprint);
  });

  it('reads stdin with "-"', async () => {
    const r = await runCli(['scan', '-', '--format', 'json'], { input: CREDS });
    expect(r.code).toBe(1);
    const [f] = JSON.parse(r.stdout).findings;
    expect(f).toMatchObject({ keyId: ID, occurrences: [{ kind: 'stdin', path: '-', line: 2 }] });
  });

  it('writes the report to --output and nothing to stdout', async () => {
    root = tree({ 'a.env': CREDS });
    const out = join(root, '..', `${Date.now()}-report.json`);
    const r = await runCli(['scan', root, '--format', 'json', '--output', out, '--exclude', '*.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).findings).toHaveLength(1);
    rmSync(out);
  });

  it('exits 2 with a hint when --output cannot be written', async () => {
    root = tree({ 'a.env': CREDS });
    const r = await runCli(['scan', root, '--output', join(root, 'no-such-dir', 'report.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/output file .*report\.txt cannot be written \(ENOENT\)/);
    expect(r.stderr).toContain('hint:');
  });

  it('checks --output and --checklist are writable before scanning: exit 2, nothing printed', async () => {
    root = tree({ 'a.env': CREDS });
    const checklist = await runCli(['scan', root, '--checklist', join(root, 'no-such-dir', 'c.md')]);
    expect(checklist.code).toBe(2);
    expect(checklist.stdout).toBe('');
    expect(checklist.stderr).toMatch(/checklist file .*c\.md cannot be written \(ENOENT\)/);
    expect(checklist.stderr).not.toContain('internal error');
    const folder = await runCli(['scan', root, '--output', root]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`output file ${root} cannot be written (EISDIR)`);
    expect(folder.stderr).toContain('hint: name a file, not a folder');
  });

  it('--fail-on chooses which findings fail the run', async () => {
    root = tree({ 'ids.txt': `old key ${ID2}\n` });
    expect((await runCli(['scan', root, '--fail-on', 'high'])).code).toBe(0);
    expect((await runCli(['scan', root, '--fail-on', 'medium'])).code).toBe(1);
  });

  it.each([
    [['scan', '--format', 'xml'], /--format.*xml|xml.*--format|Allowed choices/i],
    [['scan', '--no-such-flag'], /unknown option/],
    [['scan', '--fail-on', 'live'], /--fail-on live needs --verify/],
    [['scan', '-', 'src'], /cannot be combined/],
    [
      ['scan', '--verify', '--verify-concurrency', '0'],
      /--verify-concurrency '0' is not a positive whole number/,
    ],
    [
      ['scan', '--verify', '--verify-timeout', 'abc'],
      /--verify-timeout 'abc' is not a positive whole number/,
    ],
    [['scan', '--verify-accounts', '111122223333'], /--verify-accounts needs --verify/],
    [['scan', '--skip-accounts', '111122223333'], /--skip-accounts needs --verify/],
  ])('exits 2 on bad usage: %s', async (args, message) => {
    const r = await runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('adds user rules with --patterns, and a bad rule file exits 2 naming file, rule and field', async () => {
    const rules = tree({
      'acme.yaml': `id: acme.token\nname: Acme token\ndescription: test\npattern: '(acme_[a-z0-9]{12})'\nkeywords: [acme_]\nexamples:\n  - text: 'x = acme_ab12cd34ef56'\n    yields: acme_ab12cd34ef56\n`,
    });
    root = tree({ 'conf.txt': 'token: acme_zz91kq7m3xw2\n' });
    const ok = await runCli(['scan', root, '--patterns', rules, '--format', 'json']);
    expect(ok.code).toBe(1);
    const [f] = JSON.parse(ok.stdout).findings;
    expect(f).toMatchObject({ kind: 'generic', ruleIds: ['acme.token'] });
    expect(ok.stdout).not.toContain('acme_zz91kq7m3xw2');

    writeFileSync(
      join(rules, 'acme.yaml'),
      readFileSync(join(rules, 'acme.yaml'), 'utf8').replace("'(acme_[a-z0-9]{12})'", "'((?:a+)+)'"),
    );
    const bad = await runCli(['scan', root, '--patterns', rules]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /acme\.yaml: rule acme\.token: field 'pattern' may backtrack catastrophically/,
    );
    expect(bad.stdout).toBe('');
  });

  it('marks canary-account keys and ships the canary list as data', async () => {
    // AKIAYVP4CIPPERUVIFXG decodes to 595918472158, a canarytokens.org account (AWS.md §2-3).
    root = tree({ 'x.txt': 'aws_access_key_id = AKIAYVP4CIPPERUVIFXG\n' });
    const r = await runCli(['scan', root, '--format', 'json']);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ account: '595918472158', canary: true });
  });
});

describe('keysweep scan --verify (real SDK against the local SigV4 endpoint)', () => {
  let aws: FakeAws;
  beforeAll(async () => {
    aws = await startFakeAws();
  });
  afterAll(async () => {
    await aws.close();
  });

  it('loads the AWS SDK only when asked to verify', async () => {
    root = tree({ 'live.env': CREDS });
    const trace = fileURLToPath(new URL('../support/trace-sdk-imports.mjs', import.meta.url));
    const env = {
      ...aws.env(),
      HOME: root,
      AWS_EC2_METADATA_DISABLED: 'true',
      NODE_OPTIONS: `--import=${trace}`,
    };
    const plain = await runCli(['scan', root, '--format', 'json'], { env });
    expect(plain.code).toBe(1);
    expect(plain.stderr).not.toContain('SDK-LOADED');
    const verified = await runCli(['scan', root, '--format', 'json', '--verify'], { env });
    expect(verified.stderr).toContain('SDK-LOADED @aws-sdk/client-sts');
  });

  it('marks a live pair live, never sends a canary key, and --fail-on live fails only on live keys', async () => {
    const live = aws.addKey({ account: '123456789012', secretAccessKey: fakeSecret('live') });
    const dead = fakeKeyId('dead');
    root = tree({
      'live.env': `AWS_ACCESS_KEY_ID=${live.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${live.secretAccessKey}\n`,
      'other/dead.env': `AWS_ACCESS_KEY_ID=${dead}\nAWS_SECRET_ACCESS_KEY=${fakeSecret('dead')}\n`,
      'third/canary.env': `AWS_ACCESS_KEY_ID=AKIAYVP4CIPPERUVIFXG\nAWS_SECRET_ACCESS_KEY=${fakeSecret('canary')}\n`,
    });
    const env = { ...aws.env(), HOME: root, AWS_EC2_METADATA_DISABLED: 'true' };
    const r = await runCli(['scan', root, '--format', 'json', '--verify', '--fail-on', 'live'], { env });
    expect(r.code).toBe(1);
    const byId = Object.fromEntries(
      JSON.parse(r.stdout).findings.map((f: { keyId: string; verification?: { status: string } }) => [
        f.keyId,
        f.verification?.status,
      ]),
    );
    expect(byId).toEqual({ [live.accessKeyId]: 'live', [dead]: 'invalid', AKIAYVP4CIPPERUVIFXG: 'canary' });
    expect(aws.requests.some((q) => q.accessKeyId === 'AKIAYVP4CIPPERUVIFXG')).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(live.secretAccessKey);

    const quiet = await runCli(['scan', join(root, 'other'), '--verify', '--fail-on', 'live'], { env });
    expect(quiet.code).toBe(0);
  });

  it('text and markdown show why a key is invalid or unknown, not only the status', async () => {
    const known = aws.addKey({ account: '123456789012', secretAccessKey: fakeSecret('known') });
    root = tree({
      'wrong.env': `AWS_ACCESS_KEY_ID=${known.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${fakeSecret('wrong')}\n`,
    });
    const env = { ...aws.env(), HOME: root, AWS_EC2_METADATA_DISABLED: 'true' };
    const text = await runCli(['scan', root, '--verify'], { env });
    expect(text.stdout).toContain(`${known.accessKeyId}  [invalid: key id exists, secret wrong]`);
    const md = await runCli(['scan', root, '--verify', '--format', 'markdown'], { env });
    expect(md.stdout).toContain('| invalid: key id exists, secret wrong |');

    aws.addFault({ kind: 'hang' });
    const hung = await runCli(['scan', root, '--verify', '--verify-timeout', '300'], { env }).finally(() =>
      aws.clearFaults(),
    );
    expect(hung.stdout).toContain(`${known.accessKeyId}  [unknown: timed out]`);
  });

  it('keys that could not be verified make the scan partial: said on stderr, an issue, exit 3 under --fail-on live', async () => {
    const key = aws.addKey({ account: '123456789012', secretAccessKey: fakeSecret('hung') });
    root = tree({
      'a.env': `AWS_ACCESS_KEY_ID=${key.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${key.secretAccessKey}\n`,
    });
    const env = { ...aws.env(), HOME: root, AWS_EC2_METADATA_DISABLED: 'true' };
    aws.addFault({ kind: 'hang' });
    try {
      const args = ['scan', root, '--verify', '--verify-timeout', '300', '--format', 'json'];
      const live = await runCli([...args, '--fail-on', 'live'], { env });
      expect(live.code).toBe(3);
      expect(live.stderr).toContain(
        'keysweep: 1 key could not be verified (timed out); the scan counts as partial',
      );
      expect(JSON.parse(live.stdout).issues).toEqual([
        expect.objectContaining({ path: key.accessKeyId, kind: 'error', reason: 'verification-unknown' }),
      ]);
      // Findings win over a partial scan.
      expect((await runCli(args, { env })).code).toBe(1);
    } finally {
      aws.clearFaults();
    }
  });
});
