import { afterEach, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';

interface JsonReport {
  findings: {
    keyId?: string;
    secret?: string;
    occurrences: { kind: string; path: string; line: number; blob: string }[];
  }[];
  issues: { path: string; kind: string; reason: string }[];
  stats: { blobs: number; skipped: Record<string, number> };
}

const key = (name: string) => ({ id: fakeKeyId(`staged-${name}`), secret: fakeSecret(`staged-${name}`) });
const env = (k: { id: string; secret: string }) =>
  `AWS_ACCESS_KEY_ID=${k.id}\nAWS_SECRET_ACCESS_KEY=${k.secret}\n`;

let repo: TestRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

async function staged(r: TestRepo, ...args: string[]) {
  const res = await runCli(['staged', '--format', 'json', '--show-secrets', ...args], {
    cwd: r.dir,
    env: r.cliEnv(),
  });
  return { ...res, report: res.stdout ? (JSON.parse(res.stdout) as JsonReport) : undefined };
}

const keyIds = (report: JsonReport | undefined) => (report?.findings ?? []).map((f) => f.keyId).sort();

describe('keysweep staged', () => {
  it('blocks a first commit in a repository with no commits yet, with a short how-to', async () => {
    repo = TestRepo.create();
    const k = key('unborn');
    repo.commit({ 'config/prod.env': `# prod\n${env(k)}` }, { stageOnly: true });
    const r = await runCli(['staged'], { cwd: repo.dir, env: repo.cliEnv() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(k.id);
    expect(r.stdout).toContain('config/prod.env:2');
    expect(r.stdout).not.toContain(k.secret);
    expect(r.stderr).toMatch(/commit blocked/);
    expect(r.stderr).toMatch(/rotate it/);
    expect(r.stderr).toContain('keysweep:allow');
  });

  it('reports only what the commit adds, not keys already committed; --all scans whole files', async () => {
    repo = TestRepo.create();
    const old = key('old');
    const added = key('added');
    repo.commit({ 'app.env': env(old), 'other.txt': 'x\n' });
    repo.commit({ 'app.env': `${env(old)}# new\n${env(added)}`, 'other.txt': 'y\n' }, { stageOnly: true });
    const only = await staged(repo);
    expect(only.code).toBe(1);
    expect(keyIds(only.report)).toEqual([added.id]);
    expect(only.report!.findings[0]!.occurrences[0]).toMatchObject({
      kind: 'staged',
      path: 'app.env',
      line: 4,
    });
    const all = await staged(repo, '--all');
    expect(keyIds(all.report)).toEqual([old.id, added.id].sort());
  });

  it('passes (exit 0) when the staged change only moves or renames a committed key', async () => {
    repo = TestRepo.create();
    const k = key('renamed');
    repo.commit({ 'a/settings.env': env(k) });
    repo.git('mv', 'a/settings.env', 'renamed.env');
    const moved = await staged(repo);
    expect(moved.code).toBe(0);
    expect(moved.report!.findings).toEqual([]);
    // Renamed and edited: only the new line counts.
    const added = key('renamed-added');
    repo.commit({ 'renamed.env': `${env(k)}${env(added)}` }, { stageOnly: true });
    expect(keyIds((await staged(repo)).report)).toEqual([added.id]);
  });

  it('passes when a committed key only moves to another file, is re-indented, or sits in a big file', async () => {
    repo = TestRepo.create();
    const k = key('moved-elsewhere');
    const filler = 'const x = 1; // padding line\n'.repeat(2000);
    repo.commit({ 'a.env': `A=1\n${env(k)}`, 'b.yaml': 'x: 1\n', 'bundle.js': `${filler}${env(k)}` });
    // To a file with other content (no rename match), indented, and a line appended to a file
    // bigger than a window (scanned whole).
    repo.commit(
      {
        'a.env': 'A=1\n',
        'b.yaml': `x: 1\naws:\n  ${env(k).trimEnd().replace('\n', '\n  ')}\n`,
        'bundle.js': `${filler}${env(k)}// one more line\n`,
      },
      { stageOnly: true },
    );
    const run = (...args: string[]) =>
      runCli(['staged', '--format', 'json', ...args], {
        cwd: repo!.dir,
        env: repo!.cliEnv({ KEYSWEEP_WINDOW_BYTES: '8192' }),
      });
    const r = await run();
    expect(r.code, r.stdout).toBe(0);
    expect((JSON.parse(r.stdout) as JsonReport).findings).toEqual([]);
    // --all reports everything staged, the committed key included.
    const all = await run('--all');
    expect(all.code).toBe(1);
    expect(keyIds(JSON.parse(all.stdout) as JsonReport)).toEqual([k.id]);
    // A new secret for the committed key id is a new credential: blocked.
    const rotated = key('moved-elsewhere-rotated');
    repo.commit({ 'c.env': env({ id: k.id, secret: rotated.secret }) }, { stageOnly: true });
    const blocked = await run();
    expect(blocked.code).toBe(1);
    expect((JSON.parse(blocked.stdout) as JsonReport).findings.map((f) => f.occurrences[0]!.path)).toEqual([
      'c.env',
    ]);
  });

  it('blocks a committed key copied out of a file the commit leaves alone: a new place for it', async () => {
    repo = TestRepo.create();
    const k = key('copied');
    repo.commit({ 'a.env': `A=1\n${env(k)}`, 'b.txt': 'b\n' });
    repo.commit({ 'b.txt': `b\n${env(k)}` }, { stageOnly: true });
    const r = await runCli(['staged', '--format', 'json'], { cwd: repo.dir, env: repo.cliEnv() });
    expect(r.code).toBe(1);
    expect(keyIds(JSON.parse(r.stdout) as JsonReport)).toEqual([k.id]);
  });

  it('scans the index, not the working tree, and skips staged binaries with a count', async () => {
    repo = TestRepo.create();
    repo.commit({ 'README.md': '# r\n' });
    const k = key('index');
    repo.commit(
      { 'deploy.env': env(k), 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]) },
      { stageOnly: true },
    );
    repo.write({ 'deploy.env': 'cleaned in the working tree only\n' });
    const r = await staged(repo);
    expect(r.code).toBe(1);
    expect(keyIds(r.report)).toEqual([k.id]);
    expect(r.report!.stats.skipped['binary']).toBe(1);
    expect(r.report!.issues).toContainEqual(expect.objectContaining({ path: 'logo.png', reason: 'binary' }));
  });

  it('handles paths with spaces and non-ASCII characters', async () => {
    repo = TestRepo.create();
    repo.commit({ 'README.md': '# r\n' });
    const k = key('unicode');
    repo.commit({ 'dir with space/ключи é.env': env(k) }, { stageOnly: true });
    const r = await staged(repo);
    expect(r.report!.findings[0]!.occurrences[0]!.path).toBe('dir with space/ключи é.env');
  });

  it('honours keysweep:allow on the line', async () => {
    repo = TestRepo.create();
    const k = key('allowed');
    repo.commit(
      {
        'fixture.py': `KEY_ID = "${k.id}"  # keysweep:allow test fixture\nSECRET = "${k.secret}"  # keysweep:allow test fixture\n`,
      },
      { stageOnly: true },
    );
    const r = await staged(repo);
    expect(r.code).toBe(0);
    expect(r.report!.findings).toEqual([]);
  });

  it('during a merge, scans what the resolved merge adds', async () => {
    repo = TestRepo.create();
    repo.commit({ 'conf.ini': 'a = 1\n' });
    repo.git('checkout', '-q', '-b', 'other');
    repo.commit({ 'conf.ini': 'a = 2\n' });
    repo.git('checkout', '-q', 'main');
    repo.commit({ 'conf.ini': 'a = 3\n' });
    const merge = repo.tryGit('merge', 'other');
    expect(merge.status).not.toBe(0);
    const conflicted = await staged(repo);
    expect(conflicted.report!.issues).toContainEqual(
      expect.objectContaining({ path: 'conf.ini', reason: 'unmerged' }),
    );
    const k = key('merge');
    repo.commit({ 'conf.ini': `a = 4\n${env(k)}` }, { stageOnly: true });
    const r = await staged(repo);
    expect(r.code).toBe(1);
    expect(keyIds(r.report)).toEqual([k.id]);
  });

  it('windows a staged file bigger than a window and still finds a key at its end', async () => {
    repo = TestRepo.create();
    const k = key('big');
    const filler = 'const x = 1; // padding line\n'.repeat(2000);
    repo.commit({ 'bundle.js': `${filler}${env(k)}` }, { stageOnly: true });
    const r = await runCli(['staged', '--format', 'json', '--show-secrets'], {
      cwd: repo.dir,
      env: repo.cliEnv({ KEYSWEEP_WINDOW_BYTES: '8192' }),
    });
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.map((f) => [f.keyId, f.occurrences[0]!.line])).toEqual([[k.id, 2001]]);
  });

  it('in a bare repository: a usage error that says there is no index or work tree', async () => {
    repo = TestRepo.create({ bare: true });
    const r = await runCli(['staged'], { cwd: repo.dir, env: repo.cliEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bare repository: it has no index or work tree/);
    expect(r.stderr).toMatch(/hint:/);
  });

  it('fails with exit 3 outside a git repository', async () => {
    repo = TestRepo.create();
    const r = await runCli(['staged'], { cwd: repo.root, env: repo.cliEnv() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not a git repository/i);
  });
});
