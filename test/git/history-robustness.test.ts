import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';

interface JsonReport {
  findings: {
    keyId?: string;
    presentAtHead?: boolean;
    occurrences: { path: string; line: number; commit?: string }[];
  }[];
  issues: { path: string; kind: string; reason: string; detail?: string }[];
  stats: { blobs: number; skipped: Record<string, number> };
}

const key = (name: string) => ({ id: fakeKeyId(`robust-${name}`), secret: fakeSecret(`robust-${name}`) });
const ini = (k: { id: string; secret: string }) =>
  `aws_access_key_id = ${k.id}\naws_secret_access_key = ${k.secret}\n`;

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
function newRepo(): TestRepo {
  const r = TestRepo.create();
  repos.push(r);
  return r;
}

async function history(
  repo: TestRepo,
  cwd = repo.dir,
  extraEnv: Record<string, string> = {},
  ...args: string[]
) {
  const r = await runCli(['history', '--format', 'json', '--show-secrets', ...args], {
    cwd,
    env: repo.cliEnv(extraEnv),
  });
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as JsonReport) : undefined };
}

const gitIn = (repo: TestRepo, cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: repo.env as NodeJS.ProcessEnv, encoding: 'utf8' });

describe('keysweep history on unusual repositories', () => {
  it('an empty repository: nothing to scan, exit 0, and it says there are no commits', async () => {
    const repo = newRepo();
    const r = await history(repo);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/no commits/);
    expect(r.report!.findings).toEqual([]);
    expect(r.report!.issues).toEqual([]);
  });

  it('a detached HEAD: all refs are swept and "at HEAD" follows the detached commit', async () => {
    const repo = newRepo();
    const k = key('detached');
    const first = repo.commit({ 'a.ini': ini(k) });
    repo.commit({ 'a.ini': 'clean\n' });
    repo.git('checkout', '-q', '--detach', first);
    const r = await history(repo);
    expect(r.code).toBe(1);
    expect(r.report!.findings[0]).toMatchObject({ keyId: k.id, presentAtHead: true });
  });

  it('a bare clone and a shallow clone (scanned as far as it goes, and said so)', async () => {
    const repo = newRepo();
    const old = key('shallow-old');
    const recent = key('shallow-recent');
    repo.commit({ 'old.ini': ini(old) });
    repo.commit({ 'old.ini': null });
    repo.commit({ 'new.ini': ini(recent) });
    const bare = join(repo.root, 'bare.git');
    gitIn(repo, repo.root, 'clone', '-q', '--bare', repo.dir, bare);
    const b = await history(repo, bare);
    expect(b.code).toBe(1);
    expect(b.report!.findings.map((f) => [f.keyId, f.presentAtHead]).sort()).toEqual(
      [
        [old.id, false],
        [recent.id, true],
      ].sort(),
    );

    const shallow = join(repo.root, 'shallow');
    gitIn(repo, repo.root, 'clone', '-q', '--depth', '1', `file://${repo.dir}`, shallow);
    const s = await history(repo, shallow);
    expect(s.code).toBe(1);
    expect(s.report!.findings.map((f) => f.keyId)).toEqual([recent.id]);
    expect(s.report!.issues).toContainEqual(expect.objectContaining({ kind: 'partial', reason: 'shallow' }));
  });

  it('submodules are not followed, LFS pointers and non-UTF-8 paths are reported as they are', async () => {
    const repo = newRepo();
    const inner = join(repo.root, 'inner');
    mkdirSync(inner);
    gitIn(repo, inner, 'init', '-q', '-b', 'main');
    writeFileSync(join(inner, 'x.txt'), 'x\n');
    gitIn(repo, inner, 'add', '.');
    gitIn(repo, inner, 'commit', '-q', '-m', 'inner');
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'vendor/inner');
    const lfs =
      'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
    repo.write({ 'assets/big.bin': lfs });
    const k = key('latin1-path');
    writeFileSync(Buffer.from([...Buffer.from(join(repo.dir, 'caf')), 0xe9, ...Buffer.from('.ini')]), ini(k));
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'submodule, lfs, latin-1 name');
    const r = await history(repo);
    expect(r.code).toBe(1);
    expect(r.report!.findings[0]!.occurrences[0]!.path).toBe('caf\\351.ini');
    expect(r.report!.issues).toContainEqual(
      expect.objectContaining({ path: 'vendor/inner', kind: 'skipped', reason: 'submodule' }),
    );
    expect(r.report!.issues).toContainEqual(
      expect.objectContaining({ kind: 'partial', reason: 'lfs-pointer' }),
    );
  });

  it('a missing object is reported, the rest is scanned, and the exit code says so', async () => {
    const repo = newRepo();
    const k = key('survives');
    repo.commit({ 'lost.txt': 'this blob will be deleted\n' });
    repo.commit({ 'lost.txt': null, 'kept.ini': ini(k) });
    const oid = repo.git('rev-parse', 'HEAD~1:lost.txt');
    rmSync(join(repo.dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
    const r = await history(repo);
    expect(r.code).toBe(1);
    expect(r.report!.findings.map((f) => f.keyId)).toEqual([k.id]);
    // Named by the path that held it, with its id in the detail.
    expect(r.report!.issues).toContainEqual(
      expect.objectContaining({
        path: 'lost.txt',
        kind: 'error',
        reason: 'missing-object',
        detail: expect.stringContaining(oid),
      }),
    );

    // Nothing found but something unreadable: a partial scan is exit 3, never a silent pass.
    const broken = newRepo();
    broken.commit({ 'lost.txt': 'gone\n' });
    broken.commit({ 'lost.txt': null, 'ok.txt': 'fine\n' });
    const lost = broken.git('rev-parse', 'HEAD~1:lost.txt');
    rmSync(join(broken.dir, '.git', 'objects', lost.slice(0, 2), lost.slice(2)));
    const b = await history(broken);
    expect(b.code).toBe(3);
    expect(b.report!.findings).toEqual([]);
  });

  it('a missing tree at HEAD: the history is still scanned and the tree reported as an error', async () => {
    const repo = newRepo();
    const k = key('head-tree');
    repo.commit({ 'a.ini': ini(k) });
    repo.commit({ 'b.txt': 'only at HEAD\n' });
    const tree = repo.git('rev-parse', 'HEAD^{tree}');
    rmSync(join(repo.dir, '.git', 'objects', tree.slice(0, 2), tree.slice(2)));
    const r = await history(repo);
    expect(r.code, r.stderr).toBe(1);
    expect(r.report!.findings.map((f) => f.keyId)).toEqual([k.id]);
    expect(r.report!.findings[0]!.presentAtHead).toBeUndefined();
    expect(r.report!.issues).toContainEqual(
      expect.objectContaining({ path: 'HEAD', kind: 'error', reason: 'unreadable-tree' }),
    );
  });

  it('a missing commit: reported by id, and the trees at the tips are still scanned', async () => {
    const repo = newRepo();
    const k = key('behind-missing');
    repo.commit({ 'a.ini': ini(k) });
    const lost = repo.commit({ 'b.txt': 'x\n' });
    repo.commit({ 'c.txt': 'y\n' });
    rmSync(join(repo.dir, '.git', 'objects', lost.slice(0, 2), lost.slice(2)));
    const r = await history(repo);
    expect(r.code, r.stderr).toBe(1);
    expect(r.report!.findings.map((f) => f.keyId)).toEqual([k.id]);
    expect(r.report!.issues).toContainEqual(
      expect.objectContaining({ path: lost, kind: 'error', reason: 'missing-commit' }),
    );
    // Nothing found: the partial scan exits 3.
    repo.commit({ 'a.ini': null });
    const clean = await history(repo);
    expect(clean.code).toBe(3);
  });

  it('blobs bigger than a window, scanned on worker threads, keep exact lines and report order', async () => {
    const repo = newRepo();
    const keys = [key('big-1'), key('big-2'), key('big-3')];
    const pad = (n: number) => 'const padding = "just some code here";\n'.repeat(n);
    const big = `${ini(keys[0]!)}${pad(500)}${ini(keys[1]!)}${pad(500)}${ini(keys[2]!)}`;
    const files: Record<string, string> = { 'dist/bundle.js': big };
    for (let i = 0; i < 30; i++) files[`src/f${i}.js`] = pad(20 + i);
    repo.commit(files);
    const env = { KEYSWEEP_WINDOW_BYTES: '4096', KEYSWEEP_WORKERS: '2' };
    const r = await history(repo, repo.dir, env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.report!.stats.blobs).toBe(31);
    const lines = r.report!.findings.map((f) => [f.keyId, f.occurrences[0]!.path, f.occurrences[0]!.line]);
    expect(lines).toEqual([
      [keys[0]!.id, 'dist/bundle.js', 1],
      [keys[1]!.id, 'dist/bundle.js', 503],
      [keys[2]!.id, 'dist/bundle.js', 1005],
    ]);
    const inProcess = await history(repo, repo.dir, { KEYSWEEP_WINDOW_BYTES: '4096', KEYSWEEP_WORKERS: '0' });
    expect(inProcess.report!.findings).toEqual(r.report!.findings);
    // Worker threads whose heap is too small die on their first batch: their batches are
    // scanned in-process from the shared memory they left behind, and nothing is lost.
    const starved = await history(repo, repo.dir, { ...env, KEYSWEEP_WORKER_HEAP_MB: '1' });
    expect(starved.code).toBe(1);
    expect(starved.report!.findings).toEqual(r.report!.findings);
    expect(starved.report!.issues).toEqual([]);
  });

  it('fails with exit 3 outside a repository', async () => {
    const repo = newRepo();
    const r = await history(repo, repo.root);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not a git repository/i);
    expect(r.stderr).toMatch(/hint:/);
  });
});
