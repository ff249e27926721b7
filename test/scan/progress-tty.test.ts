import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { CLI } from '../support/run-cli.js';

/**
 * The spinner, in a real pseudo-terminal made by util-linux `script`: shown to a person at a
 * terminal, never in CI, and never on a terminal that reports no width (where ora would redraw
 * forever).
 */
const SECRET = fakeSecret('tty-1');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keysweep-tty-'));
  writeFileSync(
    join(dir, 'prod.env'),
    `AWS_ACCESS_KEY_ID=${fakeKeyId('tty-1')}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
  );
  // 64 MB, 16 windows: long enough (over 300 ms) that a person would want to see it move.
  const line = 'const value = "ordinary text, nothing secret here"; // filler\n';
  writeFileSync(join(dir, 'big.log'), line.repeat(Math.ceil((64 * 1024 * 1024) / line.length)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `keysweep scan` with stdout and stderr on a terminal; `stty` sets (or not) its size. */
function inTerminal(stty: string, env: Record<string, string> = {}, file = 'prod.env') {
  const report = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const cmd = `${stty} exec "${process.execPath}" "${CLI}" scan "${join(dir, file)}" --format json -o "${report}"`;
  const { CI: _ci, GITHUB_ACTIONS: _gha, ...base } = process.env;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...base, ...env },
  });
  return {
    status: r.status,
    signal: r.signal,
    screen: r.stdout,
    report: JSON.parse(readFileSync(report, 'utf8')),
  };
}

describe('progress on a terminal', () => {
  it('spins on stderr for a person at a terminal, then clears, and the report is whole', () => {
    const r = inTerminal('stty cols 100 rows 30;');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.screen).toContain('keysweep scan');
    expect(r.screen).toContain('\u001b[?25l'); // ora hides the cursor while it spins
    expect(r.screen).not.toContain(SECRET);
    expect(r.report.findings).toHaveLength(1);
  });

  it('counts the bytes of one big file while it is scanned, in a worker thread or not', () => {
    for (const workers of ['0', 'auto']) {
      const r = inTerminal('stty cols 100 rows 30;', { KEYSWEEP_WORKERS: workers }, 'big.log');
      expect(r.status, workers).toBe(0);
      // Part-way: no file finished yet, some megabytes read.
      expect(r.screen, workers).toMatch(/keysweep scan: 0 files, [1-9][\d.]* MB \(\d+ MB\/s\)/);
      expect(r.report.stats.bytes).toBeGreaterThan(64 * 1024 * 1024);
    }
  });

  it('stays off on a terminal without a width, and the scan still ends', () => {
    const r = inTerminal('stty cols 0 rows 0;');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.screen).not.toContain('keysweep scan');
    expect(r.report.findings).toHaveLength(1);
  });

  it('stays off in CI', () => {
    const r = inTerminal('stty cols 100 rows 30;', { CI: 'true' });
    expect(r.status).toBe(1);
    expect(r.screen).not.toContain('keysweep scan');
  });
});
