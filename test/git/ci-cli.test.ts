import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';

interface JsonReport {
  run: { roots: string[] };
  findings: { keyId?: string }[];
}

const key = (name: string) => ({ id: fakeKeyId(`ci-${name}`), secret: fakeSecret(`ci-${name}`) });
const ini = (k: { id: string; secret: string }) =>
  `aws_access_key_id = ${k.id}\naws_secret_access_key = ${k.secret}\n`;
const K = { one: key('one'), two: key('two'), three: key('three'), four: key('four') };
const ZERO = '0'.repeat(40);

describe('keysweep ci', () => {
  let repo: TestRepo;
  const c: Record<string, string> = {};
  let events = 0;

  beforeAll(() => {
    repo = TestRepo.create();
    c['one'] = repo.commit({ 'one.ini': ini(K.one) });
    c['two'] = repo.commit({ 'two.ini': ini(K.two) });
    c['three'] = repo.commit({ 'three.ini': ini(K.three) });
    repo.git('checkout', '-q', '-b', 'feature');
    c['four'] = repo.commit({ 'four.ini': ini(K.four) });
    repo.git('checkout', '-q', 'main');
    // What a CI checkout with full history holds: remote-tracking branches.
    repo.git('update-ref', 'refs/remotes/origin/main', c['three']!);
    repo.git('update-ref', 'refs/remotes/origin/feature', c['four']!);
  });
  afterAll(() => repo.cleanup());

  function event(payload: unknown): string {
    const file = join(repo.root, `event-${events++}.json`);
    writeFileSync(file, JSON.stringify(payload));
    return file;
  }

  async function ci(env: Record<string, string>, cwd = repo.dir) {
    const r = await runCli(['ci', '--format', 'json'], { cwd, env: repo.cliEnv(env) });
    const report = r.stdout ? (JSON.parse(r.stdout) as JsonReport) : undefined;
    return { ...r, report, keys: (report?.findings ?? []).map((f) => f.keyId).sort() };
  }

  const github = (name: string, payload: unknown, ref = 'refs/heads/main') => ({
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: event(payload),
    GITHUB_REF: ref,
  });

  it('GitHub push: scans exactly before..after', async () => {
    const r = await ci(github('push', { before: c['one'], after: c['three'] }));
    expect(r.code, r.stderr).toBe(1);
    expect(r.keys).toEqual([K.two.id, K.three.id].sort());
    expect(r.stderr).toContain(`github push ${c['one']!.slice(0, 12)}..${c['three']!.slice(0, 12)}`);
  });

  it('GitHub push of a new branch: the commits no other remote branch holds', async () => {
    const r = await ci(
      github('push', { before: ZERO, after: c['four'], created: true }, 'refs/heads/feature'),
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.keys).toEqual([K.four.id]);
  });

  it('GitHub force push whose old commit is gone: falls back to what no other branch holds, and says so', async () => {
    const gone = 'f'.repeat(40);
    const r = await ci(
      github('push', { before: gone, after: c['four'], forced: true }, 'refs/heads/feature'),
    );
    expect(r.code).toBe(1);
    expect(r.keys).toEqual([K.four.id]);
    expect(r.stderr).toMatch(/not in this repository/);
  });

  it('GitHub pull_request: base..head', async () => {
    const r = await ci(
      github('pull_request', { pull_request: { base: { sha: c['two'] }, head: { sha: c['four'] } } }),
    );
    expect(r.code).toBe(1);
    expect(r.keys).toEqual([K.three.id, K.four.id].sort());
  });

  it('GitHub: a deleted branch scans nothing; an event without commits is a usage error', async () => {
    const deleted = await ci(github('push', { before: c['three'], after: ZERO, deleted: true }));
    expect(deleted.code).toBe(0);
    expect(deleted.keys).toEqual([]);
    const schedule = await ci(github('schedule', {}));
    expect(schedule.code).toBe(2);
    expect(schedule.stderr).toMatch(/names no commits/);
  });

  it('GitLab: push before..commit, and a merge request from its diff base', async () => {
    const push = await ci({
      GITLAB_CI: 'true',
      CI_COMMIT_BEFORE_SHA: c['two']!,
      CI_COMMIT_SHA: c['three']!,
      CI_COMMIT_BRANCH: 'main',
    });
    expect(push.keys).toEqual([K.three.id]);
    const mr = await ci({
      GITLAB_CI: 'true',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: c['one']!,
      CI_COMMIT_SHA: c['three']!,
    });
    expect(mr.keys).toEqual([K.two.id, K.three.id].sort());
    const newBranch = await ci({
      GITLAB_CI: 'true',
      CI_COMMIT_BEFORE_SHA: ZERO,
      CI_COMMIT_SHA: c['four']!,
      CI_COMMIT_BRANCH: 'feature',
    });
    expect(newBranch.keys).toEqual([K.four.id]);
  });

  it('a shallow clone without the base: exit 3 and how to fetch more history, never a pass', async () => {
    const shallow = join(repo.root, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, shallow], {
      env: repo.env as NodeJS.ProcessEnv,
    });
    const r = await ci(github('push', { before: c['one'], after: c['three'] }), shallow);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no such commit in this repository/);
    expect(r.stderr).toMatch(/fetch-depth: 0/);
  });

  it('outside CI: a usage error that points to history --range', async () => {
    const r = await ci({});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/history --range/);
  });
});

describe('keysweep ci: first push of the default branch', () => {
  let repo: TestRepo;
  let tip: string;

  beforeAll(() => {
    repo = TestRepo.create();
    repo.commit({ 'one.ini': ini(K.one) });
    tip = repo.commit({ 'two.ini': ini(K.two) });
    // A CI checkout after the first push: origin/main is the pushed commit, origin/HEAD points at it.
    repo.git('update-ref', 'refs/remotes/origin/main', tip);
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  });
  afterAll(() => repo.cleanup());

  async function ci(env: Record<string, string>) {
    const r = await runCli(['ci', '--format', 'json'], { cwd: repo.dir, env: repo.cliEnv(env) });
    const report = r.stdout ? (JSON.parse(r.stdout) as JsonReport) : undefined;
    return { ...r, keys: (report?.findings ?? []).map((f) => f.keyId).sort() };
  }

  it('GitHub: origin/HEAD at the pushed commit is not "another branch"', async () => {
    const file = join(repo.root, 'event.json');
    writeFileSync(file, JSON.stringify({ before: ZERO, after: tip, created: true }));
    const r = await ci({
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: file,
      GITHUB_REF: 'refs/heads/main',
    });
    expect(r.code, r.stderr).toBe(1);
    expect(r.keys).toEqual([K.one.id, K.two.id].sort());
  });

  it('GitLab without a branch name: a remote ref already at the pushed commit is skipped', async () => {
    const r = await ci({ GITLAB_CI: 'true', CI_COMMIT_BEFORE_SHA: ZERO, CI_COMMIT_SHA: tip });
    expect(r.code, r.stderr).toBe(1);
    expect(r.keys).toEqual([K.one.id, K.two.id].sort());
  });
});
