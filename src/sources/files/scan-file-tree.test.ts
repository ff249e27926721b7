import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../../test/support/fake-keys.js';
import type { Finding } from '../../model/finding.js';
import { loadRules } from '../../rules/load-rules.js';
import { ScanContext } from '../../scan/scan-context.js';
import { type FileScanOptions, scanFileTree } from './scan-file-tree.js';

const RULES = loadRules();
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'ks-files-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function scan(root: string, options: FileScanOptions = {}): Promise<ScanContext> {
  const ctx = new ScanContext(RULES, new Set());
  await scanFileTree([root], { workers: 0, ...options }, ctx);
  return ctx;
}

const where = (f: Finding) => f.occurrences.map((o) => `${o.location.path}:${o.line}:${o.column}`);
const creds = (seed: string) =>
  `[default]\naws_access_key_id = ${fakeKeyId(seed)}\naws_secret_access_key = ${fakeSecret(seed)}\n`;

describe('scanFileTree', () => {
  it('reads every byte of files that end on and beside block and first-read boundaries', async () => {
    const sizes = [4095, 4096, 4097, 8192, 65_535, 65_536, 65_537, 131_072, 200_000];
    const files: Record<string, string> = {};
    for (const size of sizes) {
      const key = creds(`size-${size}`);
      files[`f${size}.txt`] = `${'#'.repeat(size - key.length - 1)}\n${key}`;
    }
    for (const windowBytes of [undefined, 64 * 1024]) {
      const ctx = await scan(tree(files), windowBytes ? { windowBytes } : {});
      expect(ctx.stats.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
      expect(
        ctx.collector
          .findings()
          .map((f) => f.keyId)
          .sort(),
      ).toEqual(sizes.map((n) => fakeKeyId(`size-${n}`)).sort());
    }
  });

  it('finds pairs in text, skips and counts binaries, and counts what it read', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(creds('bin'))]);
    const root = tree({ 'app/.env': creds('a'), 'img/logo.png': png, 'README.md': '# hi\n' });
    const ctx = await scan(root);
    const findings = ctx.collector.findings();
    expect(findings.map((f) => [f.kind, f.keyId])).toEqual([['aws-key-pair', fakeKeyId('a')]]);
    expect(where(findings[0]!)).toEqual(['app/.env:2:21']);
    expect(ctx.stats).toMatchObject({ files: 2, bytes: creds('a').length + 5, skipped: { binary: 1 } });
    expect(ctx.issues).toEqual([{ path: 'img/logo.png', kind: 'skipped', reason: 'binary' }]);
  });

  it('scans invalid UTF-8 anyway and reports the file as partial', async () => {
    const bad = Buffer.concat([Buffer.from('junk \xff\xfe here\n', 'latin1'), Buffer.from(creds('u8'))]);
    const ctx = await scan(tree({ 'mixed.ini': bad }));
    expect(ctx.collector.findings().map((f) => f.keyId)).toEqual([fakeKeyId('u8')]);
    expect(where(ctx.collector.findings()[0]!)).toEqual(['mixed.ini:3:21']);
    expect(ctx.issues).toMatchObject([{ path: 'mixed.ini', kind: 'partial', reason: 'invalid-utf8' }]);
  });

  it('reads UTF-16 LE and BE with a BOM, and CRLF, at the right lines and columns', async () => {
    const crlf = `# top\r\n${creds('crlf').replace(/\n/g, '\r\n')}`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`# top\r\n${creds('le')}`, 'utf16le')]);
    const be = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from(`# top\n${creds('be')}`, 'utf16le').swap16(),
    ]);
    const ctx = await scan(tree({ 'crlf.ini': crlf, 'le.ini': le, 'be.ini': be }), { windowBytes: 1024 });
    const got = ctx.collector
      .findings()
      .map((f) => [f.kind, f.keyId, ...where(f)])
      .sort();
    expect(got).toEqual(
      [
        ['aws-key-pair', fakeKeyId('be'), 'be.ini:3:21'],
        ['aws-key-pair', fakeKeyId('crlf'), 'crlf.ini:3:21'],
        ['aws-key-pair', fakeKeyId('le'), 'le.ini:3:21'],
      ].sort(),
    );
    expect(ctx.issues).toEqual([]);
  });

  it('loses no key and counts none twice across window edges of a big file', async () => {
    // 4 KB windows with a 1 KB overlap; a pair every few lines lands on every kind of edge.
    const lines: string[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 700; i++) {
      lines.push(`filler line ${i} ${'-'.repeat(i % 37)}`);
      if (i % 3 === 0) {
        const seed = `edge-${i}`;
        expected.push(`${fakeKeyId(seed)}@${lines.length + 1}`);
        lines.push(`aws_access_key_id = ${fakeKeyId(seed)}`);
        lines.push(`aws_secret_access_key = ${fakeSecret(seed)}`);
        lines.push('');
      }
    }
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(10 * 4096);
    const ctx = await scan(tree({ 'big.ini': text }), { windowBytes: 4096 });
    const findings = ctx.collector.findings();
    expect(findings.every((f) => f.kind === 'aws-key-pair')).toBe(true);
    expect(findings.every((f) => f.occurrences.length === 1)).toBe(true);
    expect(findings.map((f) => `${f.keyId}@${f.occurrences[0]!.line}`).sort()).toEqual(expected.sort());
    expect(ctx.issues).toEqual([]);
    expect(ctx.stats.bytes).toBe(Buffer.byteLength(text));
  });

  it('finds a key in a 120 KB minified line and does not call it partial', async () => {
    const seed = 'minified';
    const line = `${'var a=1,b="x";'.repeat(9000)}const c={accessKeyId:"${fakeKeyId(seed)}",secretAccessKey:"${fakeSecret(seed)}"};`;
    expect(line.length).toBeGreaterThan(120_000);
    const ctx = await scan(tree({ 'bundle.min.js': `${line}\n` }));
    expect(ctx.collector.findings().map((f) => [f.kind, f.keyId])).toEqual([
      ['aws-key-pair', fakeKeyId(seed)],
    ]);
    expect(where(ctx.collector.findings()[0]!)).toEqual([`bundle.min.js:1:${line.indexOf('AKIA') + 1}`]);
    expect(ctx.issues).toEqual([]);
  });

  it('cuts a line longer than a window, still finds the key in it, and says the file is partial', async () => {
    const seed = 'too-long';
    const line = `${'x'.repeat(6000)} aws_access_key_id=${fakeKeyId(seed)} aws_secret_access_key=${fakeSecret(seed)} ${'y'.repeat(6000)}`;
    const ctx = await scan(tree({ 'huge-line.txt': `first\n${line}\nlast\n` }), { windowBytes: 4096 });
    expect(ctx.collector.findings().map((f) => [f.kind, f.keyId, f.occurrences.length])).toEqual([
      ['aws-key-pair', fakeKeyId(seed), 1],
    ]);
    expect(ctx.collector.findings()[0]!.occurrences[0]!.line).toBe(2);
    expect(ctx.issues).toMatchObject([{ path: 'huge-line.txt', kind: 'partial', reason: 'too-long-line' }]);
  });

  it('never shows a secret in issues or counters', async () => {
    const ctx = await scan(tree({ 'a.env': creds('quiet'), 'b.bin': Buffer.from([0, 1, 2]) }));
    expect(JSON.stringify({ stats: ctx.stats, issues: ctx.issues })).not.toContain(fakeSecret('quiet'));
    expect(JSON.stringify(ctx.collector.findings())).not.toContain(fakeSecret('quiet'));
  });
});
