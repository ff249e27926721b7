import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { TestRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';

/** e2e: `keysweep scan ... --format sarif|gitlab|markdown` as a child process. */
const ID = fakeKeyId('formats-1');
const SECRET = fakeSecret('formats-1');
const ID2 = fakeKeyId('formats-2');
const pairText = `[default]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`;

let repo: TestRepo;
let out: string;

beforeAll(() => {
  repo = TestRepo.create();
  repo.write({
    'config/prod.env': pairText,
    'docs/notes dir/readme.md': `old id: ${ID2}\n`,
    'src/clean.ts': 'x\n',
  });
  out = mkdtempSync(join(tmpdir(), 'keysweep-formats-'));
});

afterAll(() => {
  repo.cleanup();
  rmSync(out, { recursive: true, force: true });
});

describe('keysweep scan --format', () => {
  it('sarif: valid against the official SARIF 2.1.0 schema, exit 1, no secret', async () => {
    const r = await runCli(['scan', '.', '--format', 'sarif', '--quiet'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(SECRET);
    const log = JSON.parse(r.stdout);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
    expect(results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri).sort()).toEqual([
      'config/prod.env',
      'docs/notes%20dir/readme.md',
    ]);
    expect(log.runs[0].tool.driver.rules.length).toBeGreaterThanOrEqual(3);
  });

  it('sarif even with --show-secrets stays redacted, and --output writes the file', async () => {
    const file = join(out, 'keysweep.sarif');
    const r = await runCli(
      ['scan', '.', '--format', 'sarif', '--show-secrets', '--output', file, '--quiet'],
      {
        cwd: repo.dir,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(sarifSchemaErrors(JSON.parse(text))).toEqual([]);
  });

  it('sarif and gitlab paths start at the repository top, wherever the scanned folder is', async () => {
    const uris = async (args: string[], cwd: string) => {
      const r = await runCli(['scan', ...args, '--format', 'sarif', '--quiet'], { cwd });
      expect(r.code).toBe(1);
      return JSON.parse(r.stdout).runs[0].results.map(
        (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          x.locations[0]!.physicalLocation.artifactLocation.uri,
      );
    };
    expect(await uris(['config'], repo.dir)).toEqual(['config/prod.env']);
    expect(await uris(['.'], join(repo.dir, 'config'))).toEqual(['config/prod.env']);
    expect(await uris(['prod.env'], join(repo.dir, 'config'))).toEqual(['config/prod.env']);
    const gl = await runCli(['scan', '.', '--format', 'gitlab', '--quiet'], {
      cwd: join(repo.dir, 'config'),
    });
    expect(JSON.parse(gl.stdout).vulnerabilities[0].location.file).toBe('config/prod.env');
    // Text and JSON keep paths relative to the scanned folder.
    const json = await runCli(['scan', 'config', '--format', 'json', '--quiet'], { cwd: repo.dir });
    expect(JSON.parse(json.stdout).findings[0].occurrences[0].path).toBe('prod.env');
  });

  it('sarif from stdin', async () => {
    const r = await runCli(['scan', '-', '--format', 'sarif'], { input: pairText });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(1);
  });

  it('gitlab: a secret_detection report with one vulnerability per credential', async () => {
    const r = await runCli(['scan', '.', '--format', 'gitlab', '--quiet'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(SECRET);
    const doc = JSON.parse(r.stdout);
    expect(doc.scan.type).toBe('secret_detection');
    expect(doc.scan.status).toBe('success');
    expect(doc.vulnerabilities.map((v: { location: { file: string } }) => v.location.file).sort()).toEqual([
      'config/prod.env',
      'docs/notes dir/readme.md',
    ]);
  });

  it('markdown: a table for a PR comment', async () => {
    const r = await runCli(['scan', '.', '--format', 'markdown', '--quiet'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^### keysweep: 2 leaked credentials found\n/);
    expect(r.stdout).toContain(`| high | AWS key pair | \`${ID}\``);
    expect(r.stdout).not.toContain(SECRET);
  });

  it('an unknown format is a usage error', async () => {
    const r = await runCli(['scan', '.', '--format', 'xml'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sarif/);
  });
});
