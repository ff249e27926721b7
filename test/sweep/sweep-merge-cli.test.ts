import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';

/**
 * e2e: `keysweep sweep --shard` over real repositories (a local one, one cloned from a file://
 * URL as a bare mirror, a clean one, and one that cannot be cloned), then `keysweep merge`.
 */
const SHARED_ID = fakeKeyId('sweep-shared');
const SHARED_SECRET = fakeSecret('sweep-shared');
const B_ID = fakeKeyId('sweep-b');
const B_SECRET = fakeSecret('sweep-b');
const pair = (id: string, secret: string) => `aws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`;

let a: TestRepo;
let b: TestRepo;
let c: TestRepo;
let work: string;

beforeAll(() => {
  a = TestRepo.create();
  a.commit({ 'deploy/.env': pair(SHARED_ID, SHARED_SECRET) }, { message: 'add env' });
  a.commit({ 'deploy/.env': null }, { message: 'remove env' });
  b = TestRepo.create();
  b.commit({ 'ci/creds': pair(SHARED_ID, SHARED_SECRET), 'app.ini': `[aws]\n${pair(B_ID, B_SECRET)}` });
  c = TestRepo.create();
  c.commit({ 'README.md': 'clean\n' });
  work = mkdtempSync(join(tmpdir(), 'keysweep-sweep-'));
  writeFileSync(
    join(work, 'repos.txt'),
    [
      '# the estate',
      a.dir,
      `file://${b.dir}   # cloned as a mirror`,
      c.dir,
      `file://${join(work, 'no-such-repo.git')}`,
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  for (const r of [a, b, c]) r.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const sweep = (shard: string) =>
  runCli(['sweep', '--repos', 'repos.txt', '--shard', shard, '--out', 'reports', '--workdir', 'mirrors'], {
    cwd: work,
  });

describe('keysweep sweep and merge', () => {
  it('shards the list, mirrors URLs, keeps going past a failure, and writes one report per repository', async () => {
    const one = await sweep('1/2');
    expect(one.stderr).toContain('shard 1/2: 2 repositories');
    expect(one.code).toBe(1);
    const two = await sweep('2/2');
    expect(two.stderr).toContain('shard 2/2: 2 repositories');
    expect(two.stderr).toMatch(/\[1\/2\] file:\/\/.*: cloned, 2 findings/);
    expect(two.stderr).toMatch(/\[2\/2\] file:\/\/.*no-such-repo\.git: FAILED: .*cannot clone or update it/);
    // Findings win over the failed repository.
    expect(two.code).toBe(1);

    const reports = readdirSync(join(work, 'reports')).sort();
    // The repository that failed has a report too: no findings, one error saying why.
    expect(reports).toHaveLength(4);
    const failedReport = reports.find((name) => name.includes('no-such-repo'))!;
    const failure = JSON.parse(readFileSync(join(work, 'reports', failedReport), 'utf8'));
    expect(failure.findings).toEqual([]);
    expect(failure.issues).toEqual([
      {
        path: `file://${join(work, 'no-such-repo.git')}`,
        kind: 'error',
        reason: 'sweep-failed',
        detail: expect.stringContaining('cannot clone or update it'),
      },
    ]);
    for (const name of reports)
      expect(readFileSync(join(work, 'reports', name), 'utf8')).not.toContain(SHARED_SECRET);
    for (const name of reports) {
      const doc = JSON.parse(readFileSync(join(work, 'reports', name), 'utf8'));
      expect(doc).toMatchObject({ schemaVersion: 1, run: { command: 'history' } });
    }
    expect(existsSync(join(work, 'mirrors'))).toBe(true);

    // The next sweep fetches into the existing mirror.
    const again = await sweep('2/2');
    expect(again.stderr).toMatch(/\[1\/2\] file:\/\/.*: updated, 2 findings/);
  });

  it('merge: one finding per credential across repositories, each place naming its repository', async () => {
    const files = readdirSync(join(work, 'reports')).map((f) => join('reports', f));
    const r = await runCli(['merge', ...files, '--output', 'all.json', '--checklist', 'incident.md'], {
      cwd: work,
    });
    expect(r.code).toBe(1);
    const merged = JSON.parse(readFileSync(join(work, 'all.json'), 'utf8'));
    expect(merged.run.command).toBe('merge');
    expect(merged.stats.reports).toBe(4);
    // The repository that could not be swept is not forgotten by the merge.
    expect(merged.issues).toEqual([
      expect.objectContaining({
        kind: 'error',
        reason: 'sweep-failed',
        path: expect.stringMatching(/no-such-repo/),
      }),
    ]);
    expect(merged.findings.map((f: { keyId: string }) => f.keyId).sort()).toEqual([SHARED_ID, B_ID].sort());
    const shared = merged.findings.find((f: { keyId: string }) => f.keyId === SHARED_ID);
    const repos = new Set(shared.occurrences.map((o: { repository: string }) => o.repository));
    expect(repos.size).toBe(2);
    // Gone from a's tree, still in b's: present at HEAD somewhere.
    expect(shared.presentAtHead).toBe(true);
    const checklist = readFileSync(join(work, 'incident.md'), 'utf8');
    expect(checklist).toContain(SHARED_ID);
    expect(checklist).toContain(B_ID);
    expect(checklist).toMatch(
      /## Not scanned\n\n1 repository could not be swept[^\n]*\n\n- `[^`]*no-such-repo\.git`: /,
    );
    // Each place names the repository it is in, and each repository gets its own purge.
    expect(checklist).toMatch(/- `deploy\/\.env:1` in repository `[^`]+` in commit /);
    expect(checklist).toMatch(/- `ci\/creds:1` in repository `[^`]+` in commit /);
    expect(checklist.match(/^# repository .*: in a fresh clone of it/gm)).toHaveLength(2);
    for (const text of [readFileSync(join(work, 'all.json'), 'utf8'), checklist])
      expect(text).not.toContain(SHARED_SECRET);
  });

  it('merge drops raw secrets from reports written with --show-secrets, and refuses what is not a report', async () => {
    const raw = await runCli(['scan', '.', '--format', 'json', '--show-secrets', '-q'], { cwd: b.dir });
    expect(raw.stdout).toContain(SHARED_SECRET);
    writeFileSync(join(work, 'raw.json'), raw.stdout);
    const r = await runCli(['merge', 'raw.json'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(SHARED_SECRET);
    expect(JSON.parse(r.stdout).findings).toHaveLength(2);

    writeFileSync(join(work, 'bogus.json'), '{"hello": true}');
    const bad = await runCli(['merge', 'bogus.json'], { cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bogus.json: not a keysweep JSON report');
  });

  it('exit 3 when a repository failed and nothing at or above --fail-on was found', async () => {
    writeFileSync(
      join(work, 'failing.txt'),
      `${c.dir}\n${b.dir}\nfile://${join(work, 'also-missing.git')}\n`,
    );
    const run = (...extra: string[]) =>
      runCli(['sweep', '--repos', 'failing.txt', '--out', 'failing', '--workdir', 'mirrors', ...extra], {
        cwd: work,
      });
    // b's key pair is high severity: it wins over the failure unless --fail-on is above it.
    expect((await run()).code).toBe(1);
    const r = await run('--fail-on', 'critical');
    expect(r.stderr).toMatch(/also-missing\.git: FAILED: /);
    expect(r.code).toBe(3);
    writeFileSync(join(work, 'clean.txt'), `${c.dir}\n`);
    const clean = await runCli(['sweep', '--repos', 'clean.txt', '--out', 'clean', '--fail-on', 'critical'], {
      cwd: work,
    });
    expect(clean.code).toBe(0);
  });

  it('a bad shard is a usage error', async () => {
    const r = await runCli(['sweep', '--repos', 'repos.txt', '--shard', '3/2'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--shard '3/2': expected i/n");
  });
});
