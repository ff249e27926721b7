import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';

interface JsonReport {
  findings: { keyId?: string; occurrences: { path: string; commit?: string }[] }[];
  issues: { kind: string; reason: string }[];
}

const key = (name: string) => ({ id: fakeKeyId(`pre-${name}`), secret: fakeSecret(`pre-${name}`) });
const ini = (k: { id: string; secret: string }) =>
  `aws_access_key_id = ${k.id}\naws_secret_access_key = ${k.secret}\n`;
const K = { old: key('old'), fresh: key('fresh'), rotated: key('rotated') };
const ZERO = '0'.repeat(40);

/**
 * A range touches files that already held a key before it: scanning what its commits introduce
 * must not report that key again, dated to the range.
 */
describe('ranges report only what their commits introduce', () => {
  let repo: TestRepo;
  const c: Record<string, string> = {};

  beforeAll(() => {
    repo = TestRepo.create();
    c['base'] = repo.commit({ 'config/app.ini': `[default]\n${ini(K.old)}region = eu-west-1\n` });
    repo.git('update-ref', 'refs/remotes/origin/main', c['base']);
    // touches another line of the file holding the old key
    c['touch'] = repo.commit({ 'config/app.ini': `[default]\n${ini(K.old)}region = us-east-1\n` });
    // moves the old key, re-indented, to another file
    c['move'] = repo.commit({
      'config/app.ini': '[default]\nregion = us-east-1\n',
      'deploy/creds.ini': `[prod]\n  ${ini(K.old).replace('\n', '\n  ')}`,
    });
    // a brand-new key, and a new secret for the old key id
    c['fresh'] = repo.commit({
      'new.ini': ini(K.fresh),
      'rotated.ini': ini({ id: K.old.id, secret: K.rotated.secret }),
    });
  });
  afterAll(() => repo.cleanup());

  async function scan(args: string[], env: Record<string, string | undefined> = {}) {
    const r = await runCli([...args, '--format', 'json'], { cwd: repo.dir, env: repo.cliEnv(env) });
    const report = r.stdout ? (JSON.parse(r.stdout) as JsonReport) : undefined;
    return { ...r, report, keys: (report?.findings ?? []).map((f) => f.keyId ?? '?').sort() };
  }

  it('history --range: touching or moving a file with an old key reports nothing', async () => {
    const touch = await scan(['history', '--range', `${c['base']}..${c['touch']}`]);
    expect(touch.code, touch.stderr).toBe(0);
    expect(touch.keys).toEqual([]);
    const move = await scan(['history', '--range', `${c['base']}..${c['move']}`]);
    expect(move.code, move.stderr).toBe(0);
    expect(move.keys).toEqual([]);
    expect(move.report!.issues).toEqual([]);
  });

  it('history --range: a new key and a new secret for an old key id are still reported', async () => {
    const r = await scan(['history', '--range', `${c['base']}..${c['fresh']}`]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.keys).toEqual([K.fresh.id, K.old.id].sort());
    const rotated = r.report!.findings.find((f) => f.keyId === K.old.id)!;
    expect(rotated.occurrences.map((o) => [o.path, o.commit])).toEqual([['rotated.ini', c['fresh']]]);
  });

  it('history --since: the same rule for the commits since a date', async () => {
    const date = repo.git('log', '-1', '--format=%cI', c['touch']!);
    const r = await scan(['history', '--since', date, '--branch', c['move']!]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.keys).toEqual([]);
  });

  it('a whole-history sweep still reports the old key', async () => {
    const r = await scan(['history', '--branch', c['move']!]);
    expect(r.keys).toEqual([K.old.id]);
  });

  it('ci push and a new branch: the old key is not reported again', async () => {
    const event = join(repo.root, 'push.json');
    const github = (payload: unknown, ref = 'refs/heads/main') => {
      writeFileSync(event, JSON.stringify(payload));
      return { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event, GITHUB_REF: ref };
    };
    const push = await scan(['ci'], github({ before: c['base'], after: c['move'] }));
    expect(push.code, push.stderr).toBe(0);
    expect(push.keys).toEqual([]);
    const branch = await scan(['ci'], github({ before: ZERO, after: c['move'] }, 'refs/heads/topic'));
    expect(branch.code, branch.stderr).toBe(0);
    expect(branch.keys).toEqual([]);
    const gitlab = await scan(['ci'], {
      GITLAB_CI: 'true',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: c['base']!,
      CI_COMMIT_SHA: c['fresh']!,
    });
    expect(gitlab.keys).toEqual([K.fresh.id, K.old.id].sort());
  });

  it('the values checked against the base never appear on a git command line', async () => {
    // A git on PATH that logs its arguments, then runs the real one.
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const bin = join(repo.root, 'bin');
    const log = join(repo.root, 'git-argv.log');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const r = await scan(['history', '--range', `${c['base']}..${c['fresh']}`], {
      PATH: `${bin}${delimiter}${process.env['PATH'] ?? ''}`,
    });
    expect(r.code, r.stderr).toBe(1);
    const argv = readFileSync(log, 'utf8');
    expect(argv).toMatch(/^grep .*-f -/m);
    for (const k of Object.values(K)) expect(argv).not.toContain(k.secret);
    expect(argv).not.toContain(K.old.id);
  });
});
