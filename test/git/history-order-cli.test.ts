import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';

interface JsonReport {
  findings: { keyId?: string; occurrences: { path: string; commit?: string }[] }[];
}

const key = (name: string) => ({ id: fakeKeyId(`order-${name}`), secret: fakeSecret(`order-${name}`) });
const ini = (k: { id: string; secret: string }) =>
  `aws_access_key_id = ${k.id}\naws_secret_access_key = ${k.secret}\n`;

describe('keysweep history: where a leak first appeared, whatever the commit dates say', () => {
  let repo: TestRepo;
  let sideCommit: string;
  const k = key('skewed');

  /** Commits with a chosen committer date (a skewed clock), which TestRepo's ticking dates cannot give. */
  const gitAt = (date: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo.dir,
      env: { ...(repo.env as NodeJS.ProcessEnv), GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      encoding: 'utf8',
    }).trim();

  beforeAll(() => {
    repo = TestRepo.create();
    repo.commit({ 'README.md': '# r\n' });
    repo.git('checkout', '-q', '-b', 'side');
    repo.write({ 'side.ini': ini(k) });
    repo.git('add', 'side.ini');
    // The side branch's clock is years ahead: its commit is dated after the merge that takes it.
    gitAt('2030-01-01T00:00:00Z', 'commit', '-q', '-m', 'side key (clock ahead)');
    sideCommit = repo.git('rev-parse', 'HEAD');
    gitAt('2030-01-02T00:00:00Z', 'commit', '-q', '--allow-empty', '-m', 'side later');
    repo.git('checkout', '-q', 'main');
    repo.commit({ 'main.txt': 'x\n' });
    gitAt('2024-02-01T00:00:00Z', 'merge', '-q', '--no-ff', '-m', 'merge side', 'side');
  });
  afterAll(() => repo.cleanup());

  it('names the side branch commit that added the key, not the merge dated before it', async () => {
    const r = await runCli(['history', '--format', 'json'], { cwd: repo.dir, env: repo.cliEnv() });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const f = report.findings.find((x) => x.keyId === k.id)!;
    expect(f.occurrences.map((o) => [o.path, o.commit])).toEqual([['side.ini', sideCommit]]);
  });
});
