import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../test/support/fake-keys.js';
import { reportFromTexts } from '../../test/support/report-from-text.js';
import { applyConfigFilters } from './config-filter.js';
import { parseConfig } from './parse-config.js';

const pair = (seed: string) =>
  `aws_access_key_id = ${fakeKeyId(seed)}\naws_secret_access_key = ${fakeSecret(seed)}\n`;

describe('applyConfigFilters', () => {
  it('drops allowed fingerprints and key ids, and findings found only in excluded places', () => {
    const report = reportFromTexts({
      'src/a.env': pair('a'),
      'test/fixtures/b.env': pair('b'),
      'src/c.env': pair('c'),
      'test/fixtures/d.env': pair('d'),
      'src/d.env': pair('d'),
      'src/e.env': pair('e'),
    });
    const fp = (seed: string) => report.findings.find((f) => f.keyId === fakeKeyId(seed))!.fingerprint;
    const config = parseConfig(
      [
        'exclude: [test/fixtures/]',
        'allow:',
        `  - fingerprint: ${fp('c')}`,
        '    reason: sample',
        `  - key-id: ${fakeKeyId('e')}`,
        '    reason: revoked',
      ].join('\n'),
      '/repo/.keysweep.yaml',
    );
    const r = applyConfigFilters(report.findings, config, {
      roots: ['/repo'],
      singleDirRoot: true,
      cwd: '/elsewhere',
    });
    expect(r.kept.map((f) => f.keyId)).toEqual([fakeKeyId('a'), fakeKeyId('d')]);
    expect(r.allowed).toBe(2);
    expect(r.excluded).toBe(1);
    // d stays, but only at its place outside the excluded folder.
    expect(r.kept[1]!.occurrences.map((o) => o.location.path)).toEqual(['src/d.env']);
  });

  it('rebases paths: an anchored glob at the repo root applies when a subfolder is scanned', () => {
    const report = reportFromTexts({ 'fixtures/a.env': pair('a'), 'b.env': pair('b') });
    const config = parseConfig('exclude: [/test/fixtures/]', '/repo/.keysweep.yaml');
    const r = applyConfigFilters(report.findings, config, {
      roots: ['test'],
      singleDirRoot: true,
      cwd: '/repo',
    });
    expect(r.kept.map((f) => f.keyId)).toEqual([fakeKeyId('b')]);
    // Scanned from the repo root, the same relative path is not under test/: kept.
    const r2 = applyConfigFilters(report.findings, config, {
      roots: ['.'],
      singleDirRoot: true,
      cwd: '/repo',
    });
    expect(r2.kept).toHaveLength(2);
  });

  it('never excludes stdin', () => {
    const report = reportFromTexts({ '-': pair('a') }, { kind: 'stdin' });
    const config = parseConfig('exclude: ["*"]', '/repo/.keysweep.yaml');
    expect(
      applyConfigFilters(report.findings, config, { roots: ['-'], singleDirRoot: false, cwd: '/repo' }).kept,
    ).toHaveLength(1);
  });
});
