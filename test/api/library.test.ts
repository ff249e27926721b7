import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
// The package as users import it: the built dist/index.js (npm test builds first).
import * as keysweep from '../../dist/index.js';
import { type FakeAws, startFakeAws } from '../support/fake-aws/server.js';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { makeOperatorSandbox, useProcessEnv } from '../support/operator-env.js';

const ID = fakeKeyId('lib-1');
const SECRET = fakeSecret('lib-1');
const ID2 = fakeKeyId('lib-2');
const SECRET2 = fakeSecret('lib-2');
const pair = (id: string, secret: string) => `aws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keysweep-lib-'));
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, 'config/prod.env'), pair(ID, SECRET));
  writeFileSync(join(dir, 'config/copy.env'), pair(ID, SECRET));
  writeFileSync(join(dir, 'notes.md'), `# notes\n\n${pair(ID2, SECRET2)}`);
  writeFileSync(join(dir, 'clean.txt'), 'nothing here\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('library API (dist/index.js)', () => {
  it('scanFiles streams each credential once, and the report has every place', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    try {
      const scan = keysweep.scanFiles([dir], { workers: 0 });
      const seen: keysweep.Finding[] = [];
      for await (const f of scan) seen.push(f);
      const report = await scan.report;
      expect(seen.map((f) => f.keyId).sort()).toEqual([ID, ID2].sort());
      expect(report.findings).toHaveLength(2);
      expect(report.stats.files).toBe(4);
      const first = report.findings.find((f) => f.keyId === ID)!;
      expect(first.occurrences.map((o) => o.location.path).sort()).toEqual([
        'config/copy.env',
        'config/prod.env',
      ]);
      // The library never prints.
      expect(out).not.toHaveBeenCalled();
      expect(err).not.toHaveBeenCalled();
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  it('a key id met alone after its pair is not streamed again: the report holds it as a place', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'keysweep-lib-late-'));
    try {
      writeFileSync(join(tree, 'a.env'), pair(ID, SECRET));
      writeFileSync(join(tree, 'notes.md'), `the old key was ${ID}\n`);
      const scan = keysweep.scanFiles([tree], { workers: 0 });
      const kinds: string[] = [];
      for await (const f of scan) kinds.push(f.kind);
      expect(kinds).toEqual(['aws-key-pair']);
      const report = await scan.report;
      expect(report.findings.map((f) => f.occurrences.map((o) => o.location.path))).toEqual([
        ['a.env', 'notes.md'],
      ]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('secrets are Secret objects that redact themselves', async () => {
    const [f] = await keysweep.scanText(pair(ID, SECRET));
    expect(f!.secret).toBeInstanceOf(keysweep.Secret);
    expect(f!.secret!.reveal()).toBe(SECRET);
    expect(JSON.stringify(f)).not.toContain(SECRET);
    expect(inspect(f)).not.toContain(SECRET);
    expect(
      keysweep.renderSarif({ ...(await scanReport()), findings: [f!] }, { rules: keysweep.listRules() }),
    ).not.toContain(SECRET);
  });

  it('scanStream reads any readable stream, and a baseline filters what it yields', async () => {
    const baselineFile = join(dir, '..', `keysweep-lib-baseline-${process.pid}.json`);
    writeFileSync(baselineFile, keysweep.renderBaseline(await scanReport()));
    try {
      const scan = keysweep.scanStream(
        Readable.from([pair(ID, SECRET), '\n', pair(fakeKeyId('lib-3'), fakeSecret('lib-3'))]),
        {
          baseline: baselineFile,
        },
      );
      const ids: (string | undefined)[] = [];
      for await (const f of scan) ids.push(f.keyId);
      expect(ids).toEqual([fakeKeyId('lib-3')]);
      expect((await scan.report).stats.suppressed).toEqual({ baseline: 1 });
    } finally {
      rmSync(baselineFile, { force: true });
    }
  });

  it('streams: a finding reaches the loop while the input is still being read', async () => {
    let seenFirst!: () => void;
    const firstSeen = new Promise<void>((resolve) => {
      seenFirst = resolve;
    });
    const filler = `${'# filler line without secrets\n'.repeat(1000)}`;
    async function* input() {
      yield pair(ID, SECRET);
      yield filler;
      // The rest is held back until the consumer has the first finding: no streaming, no test end.
      await firstSeen;
      yield pair(ID2, SECRET2);
    }
    const ids: (string | undefined)[] = [];
    for await (const f of keysweep.scanStream(Readable.from(input()), { windowBytes: 4096 })) {
      ids.push(f.keyId);
      seenFirst();
    }
    expect(ids).toEqual([ID, ID2]);
  });

  it('several loops over one stream each get every finding, and none hangs', async () => {
    const scan = keysweep.scanFiles([dir], { workers: 0 });
    const ids = async () => {
      const out: (string | undefined)[] = [];
      for await (const f of scan) out.push(f.keyId);
      return out.sort();
    };
    const [a, b] = await Promise.all([ids(), ids()]);
    expect(a).toEqual([ID, ID2].sort());
    expect(b).toEqual(a);
    // A loop started after the scan ended replays what it found.
    await scan.report;
    expect(await ids()).toEqual(a);
  });

  it('a missing path rejects with a typed error, for the loop and for the report', async () => {
    const scan = keysweep.scanFiles([join(dir, 'nope')]);
    await expect(scan.report).rejects.toBeInstanceOf(keysweep.UsageError);
    await expect(
      (async () => {
        for await (const _ of scan) {
          /* nothing */
        }
      })(),
    ).rejects.toThrow(/no such file or folder/);
  });

  it('renders every report format', async () => {
    const report = await scanReport();
    expect(JSON.parse(keysweep.renderJson(report, { showSecrets: false })).findings).toHaveLength(2);
    expect(JSON.parse(keysweep.renderGitlab(report)).vulnerabilities).toHaveLength(2);
    expect(keysweep.renderMarkdown(report)).toContain('2 leaked credentials');
    expect(
      JSON.parse(keysweep.renderSarif(report, { rules: keysweep.listRules() })).runs[0].results,
    ).toHaveLength(2);
  });
});

describe('library scanHistory', () => {
  it('finds a key deleted from the tree, at the commit that introduced it', async () => {
    const repo = TestRepo.create();
    try {
      const added = repo.commit(
        { 'deploy/.env': pair(ID, SECRET), 'README.md': 'hi\n' },
        { message: 'add deploy env' },
      );
      repo.commit({ 'deploy/.env': null }, { message: 'remove it' });
      for (let i = 0; i < 20; i++) repo.commit({ [`docs/${i}.md`]: `page ${i}\n`.repeat(200) });
      const scan = keysweep.scanHistory({ cwd: repo.dir });
      const found: keysweep.Finding[] = [];
      const commitWhenYielded: (string | undefined)[] = [];
      for await (const f of scan) {
        found.push(f);
        // Copied now: the object keeps changing until the scan ends.
        const loc = f.occurrences[0]?.location;
        commitWhenYielded.push(loc?.kind === 'git' ? loc.commit?.sha : undefined);
      }
      // Placed at its commit when yielded, as docs/library.md promises.
      expect(commitWhenYielded).toEqual([added]);
      expect(found.map((f) => f.keyId)).toEqual([ID]);
      const loc = found[0]!.occurrences[0]!.location;
      expect(loc).toMatchObject({ kind: 'git', path: 'deploy/.env', commit: { sha: added } });
      expect(found[0]!.presentAtHead).toBe(false);
      expect((await scan.report).run.command).toBe('history');
    } finally {
      repo.cleanup();
    }
  });
});

describe('library scanHistory errors', () => {
  it('a folder that does not exist rejects with a GitError that has a hint', async () => {
    const missing = join(dir, 'no-such-repo');
    const scan = keysweep.scanHistory({ cwd: missing });
    const err = await scan.report.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(keysweep.GitError);
    expect(err).toMatchObject({
      exitCode: 3,
      message: `${missing}: cannot scan its history (no such folder)`,
    });
    expect((err as keysweep.GitError).hint).toMatch(/git repository/);
    await expect(
      (async () => {
        for await (const _ of scan) {
          /* nothing */
        }
      })(),
    ).rejects.toBeInstanceOf(keysweep.GitError);
  });
});

describe('library revoke arguments', () => {
  it('rejects bad arguments from JavaScript callers with a UsageError, before contacting AWS', async () => {
    const revoke = keysweep.revoke as (...args: unknown[]) => Promise<unknown>;
    await expect(revoke('AKIAIOSFODNN7EXAMPLE')).rejects.toBeInstanceOf(keysweep.UsageError);
    await expect(revoke([ID], null)).rejects.toThrow(/options must be an object/);
    await expect(revoke([ID], { apply: 'yes' })).rejects.toThrow(/options\.apply must be true or false/);
    // The placeholder of docs/library.md, pasted as it is: a clear error, not a TypeError.
    await expect(revoke(['AKIA…'])).rejects.toThrow(/is not an AWS access key id/);
  });
});

describe('library verify against the local STS endpoint', () => {
  let aws: FakeAws;
  beforeEach(async () => {
    aws = await startFakeAws();
  });
  afterEach(async () => {
    await aws.close();
  });

  it('verify() marks a live pair live and a made-up one invalid', async () => {
    const key = aws.addKey({ account: '111122223333', userName: 'deploy' });
    const findings = await keysweep.scanText(
      `${pair(key.accessKeyId, key.secretAccessKey)}\n\n\n\n\n\n\n\n${pair(ID, SECRET)}`,
    );
    expect(findings).toHaveLength(2);
    const stats = await keysweep.verify(findings, { endpoint: aws.url });
    expect(stats).toMatchObject({ live: 1, invalid: 1 });
    const live = findings.find((f) => f.keyId === key.accessKeyId)!;
    expect(live.verification).toMatchObject({ status: 'live', account: '111122223333' });
    expect(findings.find((f) => f.keyId === ID)!.verification!.status).toBe('invalid');
  });
});

describe('library revoke against the local IAM endpoint', () => {
  it('plans without --yes, deactivates with apply, and writes the audit log', async () => {
    const aws = await startFakeAws();
    const sandbox = makeOperatorSandbox();
    const operator = aws.addKey({ account: '111122223333', userName: 'responder' });
    const restore = useProcessEnv(sandbox.env(aws, operator));
    try {
      const leaked = aws.addKey({ account: '111122223333', userName: 'ci' });
      const plan = await keysweep.revoke([leaked.accessKeyId], { apply: false });
      expect(plan).toHaveLength(1);
      // Without options: a dry run too.
      expect(await keysweep.revoke([leaked.accessKeyId])).toMatchObject([{ keyId: leaked.accessKeyId }]);
      expect(aws.state.keys.get(leaked.accessKeyId)!.status).toBe('Active');
      const auditFile = join(sandbox.home, 'audit.jsonl');
      const done = await keysweep.revoke([leaked.accessKeyId], { apply: true, auditFile });
      expect(done[0]).toMatchObject({ keyId: leaked.accessKeyId, status: 'deactivated', userName: 'ci' });
      expect(aws.state.keys.get(leaked.accessKeyId)!.status).toBe('Inactive');
      expect(readFileSync(auditFile, 'utf8')).toContain('"deactivate"');
    } finally {
      restore();
      sandbox.cleanup();
      await aws.close();
    }
  });
});

async function scanReport(): Promise<keysweep.Report> {
  return keysweep.scanFiles([dir], { workers: 0 }).report;
}
