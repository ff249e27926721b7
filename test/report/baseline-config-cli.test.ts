import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';

/** e2e: baselines, .keysweep.yaml and `keysweep init`, through the built CLI in real git repos. */
const ID = fakeKeyId('bc-1');
const SECRET = fakeSecret('bc-1');
const ID2 = fakeKeyId('bc-2');
const SECRET2 = fakeSecret('bc-2');
const ID3 = fakeKeyId('bc-3');
const pair = (id: string, secret: string, indent = '') =>
  `${indent}aws_access_key_id = ${id}\n${indent}aws_secret_access_key = ${secret}\n`;

let repo: TestRepo;
beforeEach(() => {
  repo = TestRepo.create();
});
afterEach(() => {
  repo.cleanup();
});

const scanJson = async (args: string[] = []) => {
  const r = await runCli(['scan', '.', '--format', 'json', '--quiet', ...args], { cwd: repo.dir });
  return { ...r, json: r.stdout ? JSON.parse(r.stdout) : undefined };
};

describe('baselines', () => {
  it('keysweep baseline writes fingerprints only; moving and re-indenting never makes a new finding', async () => {
    repo.write({ 'config/prod.env': pair(ID, SECRET) });
    const made = await runCli(['baseline', '.keysweep-baseline.json', '--quiet'], {
      cwd: repo.dir,
    });
    expect(made.code).toBe(0);
    expect(made.stderr).toContain('wrote 1 fingerprint to .keysweep-baseline.json (no secrets)');
    const text = readFileSync(join(repo.dir, '.keysweep-baseline.json'), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text).entries[0].hint).toContain(ID.slice(0, 8));

    // Move the pair to another file, deeper, re-indented and reformatted.
    repo.write({
      'config/prod.env': null,
      'deploy/settings/app.yaml': `# app\nservice:\n  env:\n${pair(ID, SECRET, '        ')}`,
    });
    const moved = await scanJson(['--baseline', '.keysweep-baseline.json']);
    expect(moved.code).toBe(0);
    expect(moved.json.findings).toEqual([]);
    expect(moved.json.stats.suppressed).toEqual({ baseline: 1 });

    // A new credential is still reported, alone.
    repo.write({ 'new.env': pair(ID2, SECRET2) });
    const added = await scanJson(['--baseline', '.keysweep-baseline.json']);
    expect(added.code).toBe(1);
    expect(added.json.findings.map((f: { keyId: string }) => f.keyId)).toEqual([ID2]);
  });

  it('--show-secrets is not an option of keysweep baseline', async () => {
    const r = await runCli(['baseline', 'b.json', '--show-secrets'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(existsSync(join(repo.dir, 'b.json'))).toBe(false);
  });

  it('an earlier JSON report works as a baseline, and the text summary says what was held back', async () => {
    repo.write({ 'a.env': pair(ID, SECRET) });
    const first = await runCli(
      ['scan', '.', '--format', 'json', '--show-secrets', '--output', '../old.json', '-q'],
      {
        cwd: repo.dir,
      },
    );
    expect(first.code).toBe(1);
    const r = await runCli(['scan', '.', '--baseline', '../old.json', '-q'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no findings in .*; not reported: 1 baseline/);
  });

  it('a missing or malformed baseline is a config error before anything is scanned', async () => {
    repo.write({ 'a.env': pair(ID, SECRET), 'bad.json': '{"findings": 3}' });
    const missing = await runCli(['scan', '.', '--baseline', 'nope.json', '-q'], { cwd: repo.dir });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^keysweep: nope\.json: cannot read the baseline \(ENOENT\)/);
    const bad = await runCli(['scan', '.', '--baseline', 'bad.json', '-q'], { cwd: repo.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.json: not a keysweep baseline, JSON report or SARIF log');
  });
});

describe('.keysweep.yaml', () => {
  it('allows by fingerprint and key id (with reasons) and excludes globs, found from a subfolder', async () => {
    repo.write({
      'src/a.env': pair(ID, SECRET),
      'src/fixtures/b.env': pair(ID2, SECRET2),
      'src/c.txt': `id ${ID3}\n`,
    });
    const before = await scanJson();
    expect(before.json.findings).toHaveLength(3);
    const fp = before.json.findings.find((f: { keyId: string }) => f.keyId === ID).fingerprint;
    repo.write({
      '.keysweep.yaml': [
        'exclude: [/src/fixtures/]',
        'allow:',
        `  - fingerprint: ${fp}`,
        '    reason: sample key from the AWS docs generator',
        `  - key-id: ${ID3}`,
        '    reason: revoked in INC-7',
      ].join('\n'),
    });
    const after = await runCli(['scan', 'src', '--format', 'json', '-q'], { cwd: repo.dir });
    expect(after.code).toBe(0);
    const json = JSON.parse(after.stdout);
    expect(json.findings).toEqual([]);
    expect(json.stats.suppressed).toEqual({ allowed: 2, excluded: 1 });
    // --no-config ignores the file.
    const ignored = await runCli(['scan', 'src', '--no-config', '-q'], { cwd: repo.dir });
    expect(ignored.code).toBe(1);
  });

  it('fail-on from the config applies unless a flag says otherwise', async () => {
    repo.write({ 'ids.txt': `id ${ID3}\n`, '.keysweep.yaml': 'fail-on: high\n' });
    const byConfig = await scanJson();
    expect(byConfig.json.findings).toHaveLength(1);
    expect(byConfig.json.findings[0].severity).toBe('medium');
    expect(byConfig.code).toBe(0);
    const byFlag = await scanJson(['--fail-on', 'any']);
    expect(byFlag.code).toBe(1);
  });

  it('a bad config names the key at fault and exits 2 with nothing scanned', async () => {
    repo.write({
      'a.env': pair(ID, SECRET),
      '.keysweep.yaml': `allow:\n  - key-id: ${ID}\n`,
    });
    const r = await runCli(['scan', '.', '-q'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('.keysweep.yaml: allow[0].reason: is required');
  });

  it('a path in the config that is not there is reported against the config file and key', async () => {
    repo.write({ 'a.env': pair(ID, SECRET), '.keysweep.yaml': 'patterns: [.keysweep/patterns]\n' });
    const r = await runCli(['scan', '.', '-q'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('.keysweep.yaml: patterns[0]: cannot read the pattern folder ');
    repo.write({ '.keysweep.yaml': 'baseline: not-yet.json\n' });
    const b = await runCli(['scan', '.', '-q'], { cwd: repo.dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('.keysweep.yaml: baseline: cannot read the baseline ');
    // keysweep baseline writes the file the config names, so it need not exist yet.
    expect((await runCli(['baseline', 'not-yet.json', '-q'], { cwd: repo.dir })).code).toBe(0);
    repo.write({ '.keysweep.yaml': null, 'not-yet.json': null });
  });

  it('--config points at a file elsewhere; its relative paths resolve from there', async () => {
    repo.write({
      'a.env': pair(ID, SECRET),
      'ci/keysweep.yaml': 'baseline: ../baseline.json\n',
    });
    expect((await runCli(['baseline', 'baseline.json', '-q'], { cwd: repo.dir })).code).toBe(0);
    const r = await runCli(['scan', '.', '--config', 'ci/keysweep.yaml', '-q'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('not reported: 1 baseline');
    // keysweep baseline ignores the config's own baseline, so regenerating keeps every finding.
    const again = await runCli(['baseline', 'baseline2.json', '--config', 'ci/keysweep.yaml', '-q'], {
      cwd: repo.dir,
    });
    expect(again.stderr).toContain('wrote 1 fingerprint');
  });
});

describe('keysweep init', () => {
  it('writes a commented starter at the repository top that scans accept, and never overwrites it', async () => {
    repo.write({ 'sub/x.txt': 'x\n' });
    const r = await runCli(['init'], { cwd: join(repo.dir, 'sub') });
    expect(r.code).toBe(0);
    const file = join(repo.dir, '.keysweep.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# keysweep settings/);
    expect((await runCli(['scan', '.', '-q'], { cwd: repo.dir })).code).toBe(0);

    writeFileSync(file, `${text}# reviewed by the team\n`);
    const again = await runCli(['init'], { cwd: repo.dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; keysweep init never overwrites it');
    expect(readFileSync(file, 'utf8')).toContain('# reviewed by the team');
  });
});
