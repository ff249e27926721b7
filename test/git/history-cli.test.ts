import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { AUTHOR, TestRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';

interface JsonOccurrence {
  kind: string;
  path: string;
  line: number;
  blob: string;
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
  refs?: string[];
}
interface JsonFinding {
  kind: string;
  keyId?: string;
  secret?: string;
  presentAtHead?: boolean;
  occurrences: JsonOccurrence[];
}
interface JsonReport {
  findings: JsonFinding[];
  issues: { path: string; kind: string; reason: string; detail?: string }[];
  stats: { blobs: number; skipped: Record<string, number> };
}

const key = (name: string) => ({ id: fakeKeyId(`history-${name}`), secret: fakeSecret(`history-${name}`) });
const ini = (k: { id: string; secret: string }) =>
  `[default]\naws_access_key_id = ${k.id}\naws_secret_access_key = ${k.secret}\n`;

const K = {
  removed: key('removed'),
  side: key('side'),
  tagOnly: key('tag-only'),
  merged: key('merged'),
  moved: key('moved'),
  deleted: key('deleted'),
  message: key('message'),
  tagMessage: key('tag-message'),
  kept: key('kept'),
};

async function history(repo: TestRepo, ...args: string[]) {
  const r = await runCli(['history', '--format', 'json', '--show-secrets', ...args], {
    cwd: repo.dir,
    env: repo.cliEnv(),
  });
  const report = r.stdout ? (JSON.parse(r.stdout) as JsonReport) : undefined;
  return { ...r, report };
}

function byKey(report: JsonReport | undefined, keyId: string): JsonFinding | undefined {
  return report?.findings.find((f) => f.keyId === keyId);
}

describe('keysweep history', () => {
  let repo: TestRepo;
  const c: Record<string, string> = {};
  /** One full sweep with --refs, shared by the tests that only read it. */
  let full: Awaited<ReturnType<typeof history>>;

  beforeAll(async () => {
    repo = TestRepo.create();
    c['base'] = repo.commit(
      { 'README.md': '# app\n', 'config/app.ini': ini(K.removed) },
      { message: 'add config' },
    );
    c['removed'] = repo.commit(
      { 'config/app.ini': '[default]\nregion = eu-west-1\n' },
      { message: 'remove key' },
    );
    c['kept'] = repo.commit({
      '.env': `AWS_ACCESS_KEY_ID=${K.kept.id}\nAWS_SECRET_ACCESS_KEY=${K.kept.secret}\n`,
    });
    // moved within a file: the same lines, pushed down by a later commit
    c['moved1'] = repo.commit({ 'moved.ini': ini(K.moved) });
    c['moved2'] = repo.commit({ 'moved.ini': `# settings\n\n# more\n${ini(K.moved)}` });
    // a file deleted later
    c['deleted1'] = repo.commit({ 'secrets/old.txt': ini(K.deleted) });
    c['deleted2'] = repo.commit({ 'secrets/old.txt': null });
    // a key in a commit message
    c['message'] = repo.commit(
      {},
      {
        message: `debug deploy\n\naws_access_key_id=${K.message.id}\naws_secret_access_key=${K.message.secret}\n`,
      },
    );
    // merged from a branch
    repo.git('checkout', '-q', '-b', 'topic');
    c['merged'] = repo.commit(
      { 'topic.ini': ini(K.merged) },
      { author: { name: 'Bo Branch', email: 'bo@example.test' } },
    );
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '-m', 'merge topic', 'topic');
    repo.git('branch', '-q', '-D', 'topic');
    // only on a side branch
    repo.git('checkout', '-q', '-b', 'side');
    c['side'] = repo.commit({ 'side.ini': ini(K.side) });
    repo.git('checkout', '-q', 'main');
    // reachable only through a tag
    repo.git('checkout', '-q', '-b', 'tmp');
    c['tagOnly'] = repo.commit({ 'release.ini': ini(K.tagOnly) });
    repo.git('tag', 'v0-hidden');
    repo.git('checkout', '-q', 'main');
    repo.git('branch', '-q', '-D', 'tmp');
    // an annotated tag whose message holds a key
    repo.git(
      'tag',
      '-a',
      'v1.0.0',
      '-m',
      `release\naws_access_key_id=${K.tagMessage.id}\naws_secret_access_key=${K.tagMessage.secret}`,
    );
    full = await history(repo, '--refs');
  });

  afterAll(() => repo.cleanup());

  it('finds every leak in all refs once, where it first appeared, and exits 1', () => {
    const r = full;
    expect(r.code, r.stderr).toBe(1);
    const report = r.report!;
    for (const k of Object.values(K)) {
      const f = byKey(report, k.id);
      expect(f, k.id).toBeDefined();
      expect(f!.kind).toBe('aws-key-pair');
      expect(f!.secret).toBe(k.secret);
    }
    expect(report.findings).toHaveLength(Object.keys(K).length);
    expect(report.issues).toEqual([]);
  });

  it('places each leak at its introducing commit with author, date, path and line', () => {
    const { report } = full;
    const removed = byKey(report, K.removed.id)!;
    expect(removed.presentAtHead).toBe(false);
    expect(removed.occurrences).toHaveLength(1);
    expect(removed.occurrences[0]).toMatchObject({
      kind: 'git',
      path: 'config/app.ini',
      line: 2,
      commit: c['base'],
      author: AUTHOR.name,
      email: AUTHOR.email,
    });
    expect(removed.occurrences[0]!.date).toMatch(/^2024-01-01T/);

    const merged = byKey(report, K.merged.id)!;
    expect(merged.occurrences[0]).toMatchObject({
      path: 'topic.ini',
      commit: c['merged'],
      author: 'Bo Branch',
    });
    expect(merged.presentAtHead).toBe(true);

    expect(byKey(report, K.kept.id)!.presentAtHead).toBe(true);
    const deleted = byKey(report, K.deleted.id)!;
    expect(deleted.presentAtHead).toBe(false);
    expect(deleted.occurrences[0]).toMatchObject({ path: 'secrets/old.txt', commit: c['deleted1'] });
  });

  it('reports a blob committed under two paths at both, each at the commit that put it there', async () => {
    const copied = key('copied');
    const other = TestRepo.create();
    try {
      const first = other.commit({ 'a/creds.ini': ini(copied) });
      const second = other.commit({ 'README.md': '# copy below\n' });
      const third = other.commit({ 'b/creds.ini': ini(copied) });
      const { report } = await history(other);
      const f = byKey(report, copied.id)!;
      expect(f.occurrences.map((o) => [o.path, o.commit])).toEqual([
        ['a/creds.ini', first],
        ['b/creds.ini', third],
      ]);
      expect(second).not.toBe(third);
    } finally {
      other.cleanup();
    }
  });

  it('reports a key moved within a file once: first appearance, then where HEAD has it', () => {
    const { report } = full;
    const moved = byKey(report, K.moved.id)!;
    expect(moved.presentAtHead).toBe(true);
    expect(moved.occurrences.map((o) => [o.path, o.line, o.commit])).toEqual([
      ['moved.ini', 2, c['moved1']],
      ['moved.ini', 5, c['moved2']],
    ]);
  });

  it('scans commit messages and annotated tag messages', () => {
    const { report } = full;
    expect(byKey(report, K.message.id)!.occurrences[0]).toMatchObject({
      path: '<commit message>',
      line: 3,
      commit: c['message'],
    });
    const tagged = byKey(report, K.tagMessage.id)!;
    expect(tagged.occurrences[0]).toMatchObject({ path: '<tag v1.0.0>', line: 2 });
  });

  it('attributes a tag message to the tag: its tagger, date and tagged commit, and the tag as ref', () => {
    const { report } = full;
    const tagged = byKey(report, K.tagMessage.id)!;
    expect(tagged.occurrences[0]).toMatchObject({
      path: '<tag v1.0.0>',
      commit: repo.git('rev-parse', 'v1.0.0^{commit}'),
      author: AUTHOR.name,
      email: AUTHOR.email,
      date: repo.git('for-each-ref', '--format=%(taggerdate:iso-strict)', 'refs/tags/v1.0.0'),
      refs: ['v1.0.0'],
    });
    const json = report as unknown as { findings: { keyId?: string; firstSeen?: { date: string } }[] };
    expect(json.findings.find((f) => f.keyId === K.tagMessage.id)!.firstSeen?.date).toMatch(/^2024-01-01T/);
  });

  it('with --refs, names the branches and tags that reach each leak', () => {
    const { report } = full;
    expect(byKey(report, K.side.id)!.occurrences[0]!.refs).toEqual(['side']);
    expect(byKey(report, K.tagOnly.id)!.occurrences[0]!.refs).toEqual(['v0-hidden']);
    expect(byKey(report, K.removed.id)!.occurrences[0]!.refs).toEqual([
      'main',
      'side',
      'v0-hidden',
      'v1.0.0',
    ]);
  });

  it('--branch limits the sweep to one branch', async () => {
    const { code, report } = await history(repo, '--branch', 'main');
    expect(code).toBe(1);
    expect(byKey(report, K.side.id)).toBeUndefined();
    expect(byKey(report, K.tagOnly.id)).toBeUndefined();
    expect(byKey(report, K.merged.id)).toBeDefined();
    expect(byKey(report, K.removed.id)).toBeDefined();
  });

  it('--range scans exactly what its commits introduce, merges included', async () => {
    const merge = repo.git('rev-parse', 'main');
    const { code, report } = await history(repo, '--range', `${c['message']}..${merge}`);
    expect(code).toBe(1);
    expect(report!.findings.map((f) => f.keyId)).toEqual([K.merged.id]);

    const none = await history(repo, '--range', `${c['kept']}..${c['moved2']}`);
    expect(none.code).toBe(1);
    expect(none.report!.findings.map((f) => f.keyId)).toEqual([K.moved.id]);

    const clean = await history(repo, '--range', `${c['base']}..${c['removed']}`);
    expect(clean.code).toBe(0);
    expect(clean.report!.findings).toEqual([]);
  });

  it('--since keeps only what commits since the date introduce', async () => {
    const date = repo.git('log', '-1', '--format=%aI', c['deleted2']!);
    const { report } = await history(repo, '--since', date, '--branch', 'main');
    const ids = report!.findings.map((f) => f.keyId).sort();
    expect(ids).toEqual([K.merged.id, K.message.id].sort());
  });

  it('fails with exit 3 and a hint when a range names an unknown commit', async () => {
    const r = await history(repo, '--range', 'nosuchbranch..HEAD');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--range 'nosuchbranch': no such branch, tag or commit/);
    expect(r.stderr).toMatch(/hint:/);
    const both = await history(repo, '--range', 'a..b', '--branch', 'main');
    expect(both.code).toBe(2);
  });

  it('an empty end of --range or a --since that is no date is a usage error, not an empty pass', async () => {
    for (const range of ['..HEAD', 'HEAD..', '...HEAD']) {
      const r = await history(repo, '--range', range);
      expect(r.code, range).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/both ends named/);
      expect(r.stderr).toMatch(/hint:/);
    }
    const bad = await history(repo, '--since', 'not a date');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since 'not a date': not a date git understands/);
    expect(bad.stderr).toMatch(/hint:/);
    const good = await history(repo, '--since', '3 years ago', '--branch', 'main');
    expect(good.code, good.stderr).toBe(1);
  });

  it('prints a readable text report without the secret', async () => {
    const r = await runCli(['history', '--branch', 'main'], { cwd: repo.dir, env: repo.cliEnv() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(K.removed.id);
    expect(r.stdout).toContain(`${c['base']!.slice(0, 12)}:config/app.ini:2`);
    expect(r.stdout).toMatch(/at HEAD: no/);
    for (const k of Object.values(K)) expect(r.stdout).not.toContain(k.secret);
  });
});
