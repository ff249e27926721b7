import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { CLI, type CliResult, runCli } from '../support/run-cli.js';

const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) {
    execFileSync('chmod', ['-R', 'u+rwX', d]);
    rmSync(d, { recursive: true, force: true });
  }
});

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'ks-e2e-files-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const creds = (seed: string) =>
  `[default]\naws_access_key_id = ${fakeKeyId(seed)}\naws_secret_access_key = ${fakeSecret(seed)}\n`;

interface JsonReport {
  findings: {
    kind: string;
    keyId?: string;
    fingerprint: string;
    occurrences: { path: string; line: number; column: number }[];
  }[];
  stats: { files: number; bytes: number; skipped: Record<string, number> };
  issues: { path: string; kind: string; reason: string }[];
}

async function scanJson(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult & { report: JsonReport }> {
  const r = await runCli(['scan', ...args, '--format', 'json', '--quiet'], { env });
  let report: JsonReport;
  try {
    report = JSON.parse(r.stdout) as JsonReport;
  } catch {
    throw new Error(`no JSON on stdout (exit ${r.code}): ${r.stderr}`);
  }
  return { ...r, report };
}

const places = (report: JsonReport) =>
  report.findings.flatMap((f) => f.occurrences.map((o) => `${f.keyId}@${o.path}:${o.line}`)).sort();
const issues = (report: JsonReport) => report.issues.map((i) => `${i.path} ${i.kind} ${i.reason}`);

describe('keysweep scan: files', () => {
  it('honours nested .gitignore files, --exclude (repeatable) and --no-ignore', async () => {
    const root = tree({
      '.gitignore': 'dist/\n*.local\n',
      'dist/bundle.js': creds('dist'),
      'app/.env.local': creds('local'),
      'app/.gitignore': '!.env.local\nfixtures/\n',
      'app/fixtures/keys.txt': creds('fixture'),
      'app/config.ini': creds('config'),
      'vendor/lib.js': creds('vendor'),
      'notes.md': creds('notes'),
      '.git/config': creds('git-internal'),
    });
    const plain = await scanJson([root]);
    expect(plain.code).toBe(1);
    expect(places(plain.report)).toEqual(
      [
        `${fakeKeyId('local')}@app/.env.local:2`,
        `${fakeKeyId('config')}@app/config.ini:2`,
        `${fakeKeyId('vendor')}@vendor/lib.js:2`,
        `${fakeKeyId('notes')}@notes.md:2`,
      ].sort(),
    );
    const excluded = await scanJson([root, '--exclude', 'vendor/', '--exclude', '*.md']);
    expect(places(excluded.report)).toEqual(
      [`${fakeKeyId('local')}@app/.env.local:2`, `${fakeKeyId('config')}@app/config.ini:2`].sort(),
    );
    const all = await scanJson([root, '--no-ignore', '--exclude', 'notes.md']);
    expect(places(all.report)).toEqual(
      [
        `${fakeKeyId('dist')}@dist/bundle.js:2`,
        `${fakeKeyId('local')}@app/.env.local:2`,
        `${fakeKeyId('fixture')}@app/fixtures/keys.txt:2`,
        `${fakeKeyId('config')}@app/config.ini:2`,
        `${fakeKeyId('vendor')}@vendor/lib.js:2`,
      ].sort(),
    );
  });

  it('skips and counts binaries, lists FIFOs, link loops, dangling links and invalid UTF-8, and goes on', async () => {
    const root = tree({
      'a/creds.ini': creds('goes-on'),
      'bin/tool': Buffer.concat([Buffer.from('\x7fELF\0\0\0'), Buffer.from(creds('in-binary'))]),
      'bin/image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      'latin1.txt': Buffer.concat([Buffer.from('caf\xe9 \xff\n', 'latin1'), Buffer.from(creds('latin1'))]),
      'z/last.env': creds('last'),
    });
    execFileSync('mkfifo', [join(root, 'a/pipe')]);
    symlinkSync('..', join(root, 'a/up'));
    symlinkSync('missing.txt', join(root, 'a/dangling'));
    const r = await scanJson([root]);
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.keyId).sort()).toEqual(
      [fakeKeyId('goes-on'), fakeKeyId('latin1'), fakeKeyId('last')].sort(),
    );
    expect(places(r.report)).toContain(`${fakeKeyId('latin1')}@latin1.txt:3`);
    expect(issues(r.report)).toEqual([
      'a/dangling skipped broken-symlink',
      'a/pipe skipped fifo',
      'a/up skipped symlink-loop',
      'bin/image.png skipped binary',
      'bin/tool skipped binary',
      'latin1.txt partial invalid-utf8',
    ]);
    expect(r.report.stats).toMatchObject({
      files: 3,
      skipped: { binary: 2, fifo: 1, 'symlink-loop': 1, 'broken-symlink': 1 },
    });
  });

  it('reports an unreadable file as an error, scans the rest, and exits 3', async () => {
    const root = tree({
      'readable.txt': 'nothing here\n',
      'locked/secret.env': creds('locked'),
      'sealed/inner.env': creds('sealed'),
      'z.txt': 'nor here\n',
    });
    chmodSync(join(root, 'locked/secret.env'), 0o000);
    chmodSync(join(root, 'sealed'), 0o000);
    const r = await runWithoutFileAccessOverride(['scan', root, '--format', 'json', '--quiet']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(issues(report)).toEqual(['locked/secret.env error unreadable', 'sealed error unreadable']);
    expect(report.stats.files).toBe(2);
    expect(r.code).toBe(3);
  });

  it('reads UTF-16 LE/BE with a BOM and CRLF files, reporting lines and columns of the text', async () => {
    const root = tree({
      'le.ini': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`; win\r\n${creds('le')}`, 'utf16le')]),
      'be.ini': Buffer.concat([
        Buffer.from([0xfe, 0xff]),
        Buffer.from(`; mac\n${creds('be')}`, 'utf16le').swap16(),
      ]),
      'crlf.ini': `; dos\r\n${creds('crlf').replace(/\n/g, '\r\n')}`,
    });
    const r = await scanJson([root]);
    const got = r.report.findings.map(
      (f) => `${f.keyId}@${f.occurrences.map((o) => `${o.path}:${o.line}:${o.column}`)}`,
    );
    expect(got.sort()).toEqual(
      [
        `${fakeKeyId('le')}@le.ini:3:21`,
        `${fakeKeyId('be')}@be.ini:3:21`,
        `${fakeKeyId('crlf')}@crlf.ini:3:21`,
      ].sort(),
    );
    expect(r.report.issues).toEqual([]);
  });

  it('scans a file bigger than a window in pieces: a pair on the edge is found once, at its line', async () => {
    const window = 64 * 1024;
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `// line of filler ${i}`).join('\n');
    const idLine = `aws_access_key_id = ${fakeKeyId('edge')}`;
    const secretLine = `aws_secret_access_key = ${fakeSecret('edge')}`;
    // Enough filler that the secret's line crosses the first window's end: that window ends
    // after the id's line, and only the overlap of the next one holds both.
    let lines = 2800;
    const secretStart = (n: number) => filler(n).length + 1 + idLine.length + 1;
    while (secretStart(lines) + secretLine.length <= window) lines++;
    expect(secretStart(lines)).toBeLessThan(window);
    const head = filler(lines);
    const text = `${head}\n${idLine}\n${secretLine}\n${filler(20_000)}\n`;
    const keyLine = head.split('\n').length + 1;
    expect(text.length).toBeGreaterThan(8 * window);
    const r = await scanJson([tree({ 'huge.log': text })], { KEYSWEEP_WINDOW_BYTES: String(window) });
    expect(r.report.findings).toMatchObject([
      {
        kind: 'aws-key-pair',
        keyId: fakeKeyId('edge'),
        occurrences: [{ path: 'huge.log', line: keyLine, column: 21 }],
      },
    ]);
    expect(r.report.stats.bytes).toBe(Buffer.byteLength(text));
    expect(r.report.issues).toEqual([]);
  });

  it('gives the exact column of a key on a line too long for a window', async () => {
    const head = `${'ü'.repeat(3000)}${'x'.repeat(40_000)}`;
    const line = `${head}accessKeyId:"${fakeKeyId('cut')}",secretAccessKey:"${fakeSecret('cut')}";${'y'.repeat(9000)}`;
    const r = await scanJson([tree({ 'one.min.js': `// header\n${line}\n` })], {
      KEYSWEEP_WINDOW_BYTES: '4096',
    });
    expect(r.report.findings).toMatchObject([
      {
        keyId: fakeKeyId('cut'),
        occurrences: [{ line: 2, column: head.length + 'accessKeyId:"'.length + 1 }],
      },
    ]);
    expect(r.report.issues).toMatchObject([{ path: 'one.min.js', kind: 'partial', reason: 'too-long-line' }]);
  });

  it('finds a key in a 120 KB minified line without calling the file partial', async () => {
    const line = `${'function f(a){return a+1};'.repeat(5000)}var cfg={accessKeyId:"${fakeKeyId('min')}",secretAccessKey:"${fakeSecret('min')}"};`;
    expect(line.length).toBeGreaterThan(120_000);
    const r = await scanJson([tree({ 'vendor.min.js': line })]);
    expect(r.report.findings).toMatchObject([{ kind: 'aws-key-pair', keyId: fakeKeyId('min') }]);
    expect(r.report.issues).toEqual([]);
  });

  it('gives the same report whether worker threads scan or not, and keeps secrets redacted across threads', async () => {
    const files: Record<string, string | Buffer> = {};
    for (let i = 0; i < 260; i++) files[`pkg${i % 13}/file${i}.js`] = `module.exports = ${i};\n`;
    for (const i of [0, 77, 140, 259]) files[`pkg${i % 13}/file${i}.js`] = creds(`pool-${i}`);
    files['pkg3/shared.js'] = creds('pool-0');
    files['pkg5/blob.bin'] = Buffer.from([1, 2, 3, 0, 4]);
    files['pkg7/bad.txt'] = Buffer.from([0x61, 0xff, 0x0a]);
    const root = tree(files);
    const strip = (s: string) => s.replace(/"(startedAt|finishedAt)": "[^"]+"/g, '');
    const inProcess = await scanJson([root], { KEYSWEEP_WORKERS: '0' });
    const pooled = await scanJson([root], { KEYSWEEP_WORKERS: '2' });
    const auto = await scanJson([root]);
    expect(inProcess.report.findings).toHaveLength(4);
    expect(inProcess.report.findings.find((f) => f.keyId === fakeKeyId('pool-0'))!.occurrences).toHaveLength(
      2,
    );
    expect(strip(pooled.stdout)).toBe(strip(inProcess.stdout));
    expect(strip(auto.stdout)).toBe(strip(inProcess.stdout));
    for (const r of [inProcess, pooled, auto])
      expect(r.stdout + r.stderr).not.toContain(fakeSecret('pool-77'));
    const shown = await runCli(['scan', root, '--format', 'json', '--quiet', '--show-secrets'], {
      env: { KEYSWEEP_WORKERS: '2' },
    });
    expect(shown.stdout).toContain(fakeSecret('pool-77'));
  });

  it('loses no file when worker threads run out of memory, mid-scan or at start', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f${i}.txt`] = i % 10 === 0 ? creds(`oom-${i}`) : `plain ${i}\n`;
    // 2,000 pairs in one file: more than a 12 MB worker heap holds while pairing them.
    files['dump/keys.txt'] = creds('dump').repeat(2000);
    const root = tree(files);
    const strip = (s: string) => s.replace(/"(startedAt|finishedAt)": "[^"]+"/g, '');
    const inProcess = await scanJson([root], { KEYSWEEP_WORKERS: '0' });
    expect(inProcess.report.findings).toHaveLength(5);
    for (const heap of ['12', '1']) {
      const pooled = await scanJson([root], { KEYSWEEP_WORKERS: '2', KEYSWEEP_WORKER_HEAP_MB: heap });
      expect(pooled.stderr).toBe('');
      expect(strip(pooled.stdout)).toBe(strip(inProcess.stdout));
    }
  });

  it('opens files and folders whose names are not UTF-8, and reports them with octal escapes', async () => {
    const root = tree({ 'ok.txt': 'nothing\n', 'caf\uFFFD-real.env': creds('real-fffd') });
    const bytes = (...parts: (string | number[])[]) =>
      Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    // Latin-1 'café.txt', and a folder 'd\xff' holding a .gitignore and two files.
    writeFileSync(bytes(root, '/caf', [0xe9], '.txt'), creds('latin1-file'));
    mkdirSync(bytes(root, '/d', [0xff]));
    writeFileSync(bytes(root, '/d', [0xff], '/.gitignore'), 'skip.env\n');
    writeFileSync(bytes(root, '/d', [0xff], '/skip.env'), creds('ignored'));
    writeFileSync(bytes(root, '/d', [0xff], '/k', [0xe8, 0x41], '.env'), creds('latin1-dir'));
    for (const workers of ['0', '2']) {
      const r = await scanJson([root], { KEYSWEEP_WORKERS: workers });
      expect(r.code).toBe(1);
      expect(places(r.report)).toEqual(
        [
          `${fakeKeyId('latin1-file')}@caf\\351.txt:2`,
          `${fakeKeyId('latin1-dir')}@d\\377/k\\350A.env:2`,
          `${fakeKeyId('real-fffd')}@caf\uFFFD-real.env:2`,
        ].sort(),
      );
      expect(r.report.issues).toEqual([]);
    }
  });

  it('exits 2 naming a path that does not exist, and scans nothing', async () => {
    const root = tree({ 'a.env': creds('never') });
    const r = await runCli(['scan', root, join(root, 'nope'), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${join(root, 'nope')}: no such file or folder`);
  });
});

describe('keysweep scan -: stdin', () => {
  it('reads UTF-16 and CRLF from a pipe, in windows', async () => {
    const text = `${'noise\r\n'.repeat(5000)}${creds('stdin-16').replace(/\n/g, '\r\n')}`;
    const input = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = await runCli(['scan', '-', '--format', 'json', '--quiet'], {
      input,
      env: { KEYSWEEP_WINDOW_BYTES: '8192' },
    });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings).toMatchObject([
      {
        kind: 'aws-key-pair',
        keyId: fakeKeyId('stdin-16'),
        occurrences: [{ path: '-', line: 5002, column: 21 }],
      },
    ]);
  });

  it('skips binary input and counts it', async () => {
    const r = await runCli(['scan', '-', '--format', 'json', '--quiet'], {
      input: Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from(creds('bin-stdin'))]),
    });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings).toEqual([]);
    expect(report.stats.skipped).toEqual({ binary: 1 });
  });
});

/**
 * Runs the CLI so that a mode-000 file is really unreadable. Root reads anything through the
 * CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH capabilities, so as root the CLI runs under
 * `setpriv` with both dropped from its bounding set (it stays uid 0, so it can still read the
 * build). As another user, chmod alone is enough.
 */
async function runWithoutFileAccessOverride(args: string[]): Promise<CliResult> {
  const asRoot = process.getuid?.() === 0;
  const drop = ['--bounding-set', '-dac_override,-dac_read_search'];
  if (asRoot) {
    const probe = mkdtempSync(join(tmpdir(), 'ks-probe-'));
    dirs.push(probe);
    writeFileSync(join(probe, 'f'), 'x');
    chmodSync(join(probe, 'f'), 0o000);
    const check = spawnSync('setpriv', [...drop, 'cat', join(probe, 'f')]);
    if (check.status === 0 || check.error) {
      throw new Error(
        'running as root, and `setpriv --bounding-set -dac_override,-dac_read_search` could not make a mode-000 file unreadable: run the tests as a non-root user, or where setpriv can drop capabilities',
      );
    }
  }
  const [cmd, argv] = asRoot
    ? ['setpriv', [...drop, process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
