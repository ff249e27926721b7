import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PATTERNS_DIR, loadRuleSpecs } from './load-rules.js';
import { findBacktrackingRisk } from './regex-safety.js';
import { findSuperLinearRisk } from './regex-superlinear.js';

/** What a rule file's regex goes through: the structural check, then the deep one. */
const risk = (re: string) => findBacktrackingRisk(re) ?? findSuperLinearRisk(re, '');

describe('regex time checks', () => {
  // Each hangs a scan for over a minute on one 5,000-char line (audit 2).
  it.each([
    ['((?:a|a)*b)', /exponential: alternatives 1 and 2/],
    ['((?:\\w|a)*b)', /exponential: alternatives 1 and 2/],
    ['((?:a|aa)*b)', /exponential: alternatives 1 and 2/],
    ['((?:a|ab|b)*b)', /exponential: alternatives 1 and 2/],
    ['((?:a{1,30}){1,30}b)', /variable number of times/],
    ['(a*a*a*a*a*b)', /polynomial/],
    ['(\\w*a\\w*a\\w*a\\w*b)', /polynomial/],
    ['((?:a+)+b)', /unbounded quantifier/],
    ['(\\w+@\\w+)', /quadratic/],
  ])('rejects %s', (re, why) => {
    expect(risk(re)).toMatch(why);
  });

  it.each([
    '(?:\\.[a-z]{2,6}){1,3}',
    '(?:ab|ac)*x',
    '"((?:\\\\.|[^"\\\\])*)"',
    '(?<![a-z0-9])([a-z0-9]+_token)',
    '(?<![A-Za-z0-9])(ghp_[A-Za-z0-9]{36})',
    '(?:token|key)\\s*[:=]\\s*["\']?([A-Za-z0-9]{32,})',
  ])('accepts %s', (re) => {
    expect(risk(re)).toBeUndefined();
  });

  it('passes every regex of every built-in rule', () => {
    const specs = loadRuleSpecs([BUILTIN_PATTERNS_DIR]);
    expect(specs.length).toBeGreaterThan(0);
    for (const s of specs) {
      for (const [re, flags] of [
        [s.pattern, s.flags],
        ...s.allow.patterns.map((p) => [p, ''] as const),
        ...(s.context ? [[s.context.keywords, 'i'] as const] : []),
      ] as const) {
        expect({ rule: s.id, re, risk: findBacktrackingRisk(re) ?? findSuperLinearRisk(re, flags) }).toEqual({
          rule: s.id,
          re,
          risk: undefined,
        });
      }
    }
  });
});

describe('loading the analysers', () => {
  // The built dist/, as a user runs it: built-in rules come from the build-time cache.
  const loaded = (extraDirs: string[]) => {
    const dist = fileURLToPath(new URL('../../dist/rules/load-rules.js', import.meta.url));
    const code = `import { createRequire } from 'node:module';
      const { loadRules } = await import(${JSON.stringify(dist)});
      loadRules(${JSON.stringify(extraDirs)});
      console.log(Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('scslre')));`;
    return spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      encoding: 'utf8',
    }).stdout.trim();
  };

  it('happens only when user rules are validated', () => {
    expect(loaded([])).toBe('false');
    const dir = mkdtempSync(join(tmpdir(), 'ks-rules-'));
    try {
      writeFileSync(
        join(dir, 'acme.yaml'),
        "id: acme.token\nname: A\ndescription: d\npattern: '(acme_[a-z0-9]{8})'\nkeywords: [acme_]\nexamples:\n  - text: 'acme_ab12cd34'\n    yields: acme_ab12cd34\n",
      );
      expect(loaded([dir])).toBe('true');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
