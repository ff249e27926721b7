import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../model/errors.js';
import { compileRules, loadRuleSpecs } from './load-rules.js';
import { findBacktrackingRisk } from './regex-safety.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ks-rules-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD = `id: acme.token
name: Acme token
description: test
pattern: '(acme_[a-z0-9]{8})'
keywords: [acme_]
examples:
  - text: 'token = acme_ab12cd34'
    yields: acme_ab12cd34
`;

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadRuleSpecs', () => {
  it('loads a valid rule with defaults', () => {
    const [spec] = loadRuleSpecs([ruleDir({ 'acme.yaml': GOOD })]);
    expect(spec).toMatchObject({ id: 'acme.token', role: 'generic', confidence: 'high', severity: 'high' });
  });

  it('names the file and line of a YAML error', () => {
    const err = errorOf(() => loadRuleSpecs([ruleDir({ 'bad.yaml': 'id: [unclosed\n' })]));
    expect(err.message).toMatch(/bad\.yaml: invalid YAML at line \d+/);
    expect(err.exitCode).toBe(2);
  });

  it('names the rule and field of a missing field', () => {
    const err = errorOf(() => loadRuleSpecs([ruleDir({ 'r.yaml': GOOD.replace(/keywords:.*\n/, '') })]));
    expect(err.message).toContain("rule acme.token: field 'keywords'");
    expect(err.field).toBe('keywords');
  });

  it('rejects an invalid regex', () => {
    const err = errorOf(() =>
      loadRuleSpecs([ruleDir({ 'r.yaml': GOOD.replace("'(acme_[a-z0-9]{8})'", "'(acme_[a-z'") })]),
    );
    expect(err.message).toMatch(/field 'pattern' is not a valid regular expression/);
  });

  it('rejects a regex that backtracks catastrophically', () => {
    const err = errorOf(() =>
      loadRuleSpecs([ruleDir({ 'r.yaml': GOOD.replace("'(acme_[a-z0-9]{8})'", "'((?:a+)+b)'") })]),
    );
    expect(err.message).toMatch(/backtrack catastrophically/);
  });

  it('needs exactly one capture group', () => {
    const err = errorOf(() =>
      loadRuleSpecs([ruleDir({ 'r.yaml': GOOD.replace("'(acme_[a-z0-9]{8})'", "'(acme)_([a-z]{8})'") })]),
    );
    expect(err.message).toMatch(/exactly one capture group \(the value\), found 2/);
  });

  it('rejects unknown fields and duplicate ids', () => {
    expect(errorOf(() => loadRuleSpecs([ruleDir({ 'r.yaml': `${GOOD}colour: red\n` })])).field).toBe(
      'colour',
    );
    const err = errorOf(() => loadRuleSpecs([ruleDir({ 'a.yaml': GOOD, 'b.yaml': GOOD })]));
    expect(err.message).toMatch(/already used by/);
  });

  it('rejects pairsWith naming an unknown rule', () => {
    const specs = loadRuleSpecs([ruleDir({ 'r.yaml': `${GOOD}pairsWith: [nope.rule]\n` })]);
    expect(errorOf(() => compileRules(specs)).field).toBe('pairsWith');
  });
});

describe('findBacktrackingRisk', () => {
  it.each(['(a+)+$', '(x+x+)+y', '(\\w+\\s?)*$', '([a-z]{1,200}){2}'])('flags %s', (re) => {
    expect(findBacktrackingRisk(re)).toBeDefined();
  });
  it.each([
    '(?<![A-Za-z0-9])((?:AKIA|ASIA)[A-Z2-7]{16})(?![A-Za-z0-9])',
    '(?:ab|c){3}',
    '(?<name>a*)?',
    '[(+]+x',
  ])('accepts %s', (re) => {
    expect(findBacktrackingRisk(re)).toBeUndefined();
  });
});
