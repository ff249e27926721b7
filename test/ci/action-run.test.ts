import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { CLI } from '../support/run-cli.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';

/**
 * Runs the action's own shell steps with bash, as a GitHub runner would, in a real repository
 * with a real push event. Only `npx` is stood in for: it runs the keysweep built here instead
 * of downloading one, and notes which version it was asked for.
 */
const ACTION = fileURLToPath(new URL('../../action.yml', import.meta.url));
const steps = (
  parse(readFileSync(ACTION, 'utf8')) as { runs: { steps: { id?: string; name?: string; run?: string }[] } }
).runs.steps;
const scanScript = steps.find((s) => s.id === 'scan')!.run!;
const verdictScript = steps.at(-1)!.run!;

const ID = fakeKeyId('action-1');
const SECRET = fakeSecret('action-1');

let repo: TestRepo;
let work: string;
beforeEach(() => {
  repo = TestRepo.create();
  work = join(repo.root, 'runner');
  mkdirSync(join(work, 'bin'), { recursive: true });
  const shim = join(work, 'bin', 'npx');
  writeFileSync(
    shim,
    `#!/bin/sh\n[ "$1" = "--yes" ] && shift\necho "$1" > "${join(work, 'npx-package')}"\nshift\nexec "${process.execPath}" "${CLI}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
});
afterEach(() => {
  repo.cleanup();
});

function runStep(script: string, env: Record<string, string>) {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: {
      ...repo.env,
      PATH: `${join(work, 'bin')}:${process.env['PATH'] ?? ''}`,
      GITHUB_OUTPUT: join(work, 'output'),
      ...env,
    },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pushEvent(before: string, after: string): Record<string, string> {
  const path = join(work, 'event.json');
  writeFileSync(path, JSON.stringify({ before, after }));
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: path,
    GITHUB_REF: 'refs/heads/main',
  };
}

const inputs = (extra: Record<string, string> = {}) => ({
  KEYSWEEP_VERSION: 'latest',
  KEYSWEEP_FAIL_ON: 'any',
  KEYSWEEP_VERIFY: 'false',
  KEYSWEEP_ARGS: '',
  KEYSWEEP_SARIF: 'keysweep.sarif',
  KEYSWEEP_SARIF_SCOPE: 'history',
  ...extra,
});

const outputs = () =>
  Object.fromEntries(
    readFileSync(join(work, 'output'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('=') as [string, string]),
  );

describe('action.yml steps, run with bash', () => {
  it('a push that adds a key: SARIF written, exit code 1 kept for the verdict, which fails', () => {
    const base = repo.commit({ 'README.md': 'hello\n' });
    const head = repo.commit({
      'config/prod.env': `aws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`,
    });
    const scan = runStep(scanScript, { ...pushEvent(base, head), ...inputs({ KEYSWEEP_VERSION: '1.2.3' }) });
    expect(scan.code).toBe(0);
    expect(outputs()).toEqual({ 'exit-code': '1', sarif: 'true' });
    expect(readFileSync(join(work, 'npx-package'), 'utf8').trim()).toBe('keysweep@1.2.3');
    const log = JSON.parse(readFileSync(join(repo.dir, 'keysweep.sarif'), 'utf8'));
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('config/prod.env');
    expect(JSON.stringify(log)).not.toContain(SECRET);

    const verdict = runStep(verdictScript, { KEYSWEEP_EXIT: '1' });
    expect(verdict.code).toBe(1);
    expect(verdict.stdout).toContain('::error title=keysweep::leaked AWS credentials found');
  });

  it('a later clean push passes, yet its SARIF still holds the leak in history (the alert stays open)', () => {
    repo.commit({ 'README.md': 'hello\n' });
    const leak = repo.commit({
      'config/prod.env': `aws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`,
    });
    const later = repo.commit({ 'config/prod.env': null, 'notes.txt': 'clean\n' });
    const sarifUris = () =>
      JSON.parse(readFileSync(join(repo.dir, 'out/keysweep.sarif'), 'utf8')).runs[0].results.map(
        (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          r.locations[0]!.physicalLocation.artifactLocation.uri,
      );
    // A stale report from an earlier step must not survive; the folder is created.
    const scan = runStep(scanScript, {
      ...pushEvent(leak, later),
      ...inputs({ KEYSWEEP_SARIF: 'out/keysweep.sarif' }),
    });
    expect(scan.code).toBe(0);
    expect(outputs()).toEqual({ 'exit-code': '0', sarif: 'true' });
    expect(sarifUris()).toEqual(['config/prod.env']);

    const pushOnly = runStep(scanScript, {
      ...pushEvent(leak, later),
      ...inputs({ KEYSWEEP_SARIF: 'out/keysweep.sarif', KEYSWEEP_SARIF_SCOPE: 'push' }),
    });
    expect(pushOnly.code).toBe(0);
    expect(sarifUris()).toEqual([]);
  });

  it('an unknown sarif-scope is a usage error, and no earlier SARIF is uploaded', () => {
    const base = repo.commit({ 'README.md': 'hello\n' });
    writeFileSync(join(repo.dir, 'keysweep.sarif'), '{"stale": true}');
    const scan = runStep(scanScript, {
      ...pushEvent(base, base),
      ...inputs({ KEYSWEEP_SARIF_SCOPE: 'all' }),
    });
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain('sarif-scope');
    expect(outputs()).toEqual({ 'exit-code': '2' });
  });

  it('a clean push passes, and fail-on reaches keysweep', () => {
    const base = repo.commit({ 'README.md': 'hello\n' });
    const head = repo.commit({ 'notes.txt': `old key id ${fakeKeyId('action-2')}\n` });
    const scan = runStep(scanScript, { ...pushEvent(base, head), ...inputs({ KEYSWEEP_FAIL_ON: 'high' }) });
    expect(scan.code).toBe(0);
    // A lone key id is medium: below --fail-on high.
    expect(outputs()['exit-code']).toBe('0');
    expect(runStep(verdictScript, { KEYSWEEP_EXIT: '0' }).code).toBe(0);
  });

  it('extra args are words, never shell code', () => {
    const base = repo.commit({ 'README.md': 'hello\n' });
    const scan = runStep(scanScript, {
      ...pushEvent(base, base),
      ...inputs({ KEYSWEEP_ARGS: '--quiet $(touch pwned) `touch pwned2`' }),
    });
    expect(scan.code).toBe(0);
    expect(existsSync(join(repo.dir, 'pwned'))).toBe(false);
    expect(existsSync(join(repo.dir, 'pwned2'))).toBe(false);
    // keysweep refused the stray words as arguments: a usage error, and no SARIF to upload.
    expect(outputs()).toEqual({ 'exit-code': '2' });
    const verdict = runStep(verdictScript, { KEYSWEEP_EXIT: '2' });
    expect(verdict.code).toBe(2);
    expect(verdict.stdout).toContain('usage or configuration error');
  });
});
