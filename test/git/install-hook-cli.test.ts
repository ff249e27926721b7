import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { CLI, runCli } from '../support/run-cli.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
function newRepo(): TestRepo {
  const r = TestRepo.create();
  repos.push(r);
  return r;
}

const install = (repo: TestRepo, ...args: string[]) =>
  runCli(['install-hook', ...args], { cwd: repo.dir, env: repo.cliEnv() });

const isExecutable = (path: string) => (statSync(path).mode & 0o111) !== 0;

describe('keysweep install-hook', () => {
  it('writes an executable .git/hooks/pre-commit that blocks a commit adding a key', async () => {
    const repo = newRepo();
    repo.commit({ 'README.md': '# r\n' });
    const r = await install(repo);
    expect(r.code, r.stderr).toBe(0);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    expect(r.stdout).toContain(`created ${hook}`);
    expect(isExecutable(hook)).toBe(true);
    expect(readFileSync(hook, 'utf8')).toContain('keysweep staged');
    const again = await install(repo);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already runs keysweep/);

    // The hook finds `keysweep` on PATH, as after a global install.
    const bin = join(repo.root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'keysweep'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, {
      mode: 0o755,
    });
    const env = { ...(repo.cliEnv() as NodeJS.ProcessEnv), PATH: `${bin}${delimiter}${process.env['PATH']}` };
    const commit = () =>
      spawnSync('git', ['commit', '-q', '-m', 'add config'], { cwd: repo.dir, env, encoding: 'utf8' });
    const id = fakeKeyId('hook');
    repo.commit(
      { 'prod.env': `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${fakeSecret('hook')}\n` },
      { stageOnly: true },
    );
    const blocked = commit();
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain(id);
    expect(blocked.stderr).toMatch(/commit blocked/);
    expect(repo.git('log', '--oneline')).not.toMatch(/add config/);
    repo.commit({ 'prod.env': 'AWS_PROFILE=prod\n' }, { stageOnly: true });
    const passed = commit();
    expect(passed.status, passed.stderr).toBe(0);
    expect(repo.git('log', '-1', '--format=%s')).toBe('add config');
  });

  it('never replaces an existing hook without --force, and keeps a backup when forced', async () => {
    const repo = newRepo();
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nnpm run lint\n', { mode: 0o755 });
    const refused = await install(repo);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists/);
    expect(refused.stderr).toMatch(/--force/);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nnpm run lint\n');
    const forced = await install(repo, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(`${hook}.keysweep-backup`, 'utf8')).toBe('#!/bin/sh\nnpm run lint\n');
    expect(readFileSync(hook, 'utf8')).toContain('keysweep staged');
  });

  it('a forced install chains the old hook (it runs after keysweep passes) and never overwrites a backup', async () => {
    const repo = newRepo();
    repo.commit({ 'README.md': '# r\n' });
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    // Hooks run at the top of the work tree. (The temp path holds "keysweep": not in the hook.)
    const ran = join(repo.dir, 'old-hook-ran');
    const oldHook = '#!/bin/sh\necho ran >> old-hook-ran\n';
    writeFileSync(hook, oldHook, { mode: 0o755 });
    expect((await install(repo, '--force')).code).toBe(0);

    const bin = join(repo.root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'keysweep'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, {
      mode: 0o755,
    });
    const env = { ...(repo.cliEnv() as NodeJS.ProcessEnv), PATH: `${bin}${delimiter}${process.env['PATH']}` };
    const commit = () =>
      spawnSync('git', ['commit', '-q', '-m', 'c'], { cwd: repo.dir, env, encoding: 'utf8' });
    // Blocked by keysweep: the old hook does not run.
    repo.commit(
      {
        'prod.env': `AWS_ACCESS_KEY_ID=${fakeKeyId('chain')}\nAWS_SECRET_ACCESS_KEY=${fakeSecret('chain')}\n`,
      },
      { stageOnly: true },
    );
    const blocked = commit();
    expect(blocked.status, blocked.stdout + blocked.stderr).not.toBe(0);
    expect(existsSync(ran)).toBe(false);
    // Passed by keysweep: the old hook runs, and its verdict counts.
    repo.commit({ 'prod.env': 'AWS_PROFILE=prod\n' }, { stageOnly: true });
    const passed = commit();
    expect(passed.status, passed.stderr).toBe(0);
    expect(readFileSync(ran, 'utf8')).toBe('ran\n');
    writeFileSync(`${hook}.keysweep-backup`, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    repo.commit({ 'x.txt': 'x\n' }, { stageOnly: true });
    expect(commit().status).not.toBe(0);

    // Another hook replaces ours; forcing again must not overwrite the backup already there.
    writeFileSync(hook, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const again = await install(repo, '--force');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/keysweep-backup already exists/);
    expect(readFileSync(`${hook}.keysweep-backup`, 'utf8')).toBe('#!/bin/sh\nexit 1\n');
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
  });

  it('honours core.hooksPath', async () => {
    const repo = newRepo();
    repo.git('config', 'core.hooksPath', 'tools/hooks');
    const r = await install(repo);
    expect(r.code).toBe(0);
    expect(existsSync(join(repo.dir, 'tools', 'hooks', 'pre-commit'))).toBe(true);
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  it('with husky, adds the command to .husky/pre-commit (created, or appended to)', async () => {
    const repo = newRepo();
    mkdirSync(join(repo.dir, '.husky'));
    const created = await install(repo);
    expect(created.code).toBe(0);
    const hook = join(repo.dir, '.husky', 'pre-commit');
    expect(readFileSync(hook, 'utf8')).toBe('npx --no-install keysweep staged\n');

    writeFileSync(hook, 'npx lint-staged');
    const appended = await install(repo);
    expect(appended.stdout).toMatch(/added keysweep to/);
    expect(readFileSync(hook, 'utf8')).toBe('npx lint-staged\nnpx --no-install keysweep staged\n');
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  it('refuses a bare repository (exit 3)', async () => {
    const repo = newRepo();
    const bare = join(repo.root, 'bare.git');
    spawnSync('git', ['init', '-q', '--bare', bare], { env: repo.env as NodeJS.ProcessEnv });
    const r = await runCli(['install-hook'], { cwd: bare, env: repo.cliEnv() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bare repository/);
  });
});
