import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPatterns } from './check-patterns.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ks-check-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const rule = (id: string, pattern: string) => `id: ${id}
name: Acme token
description: test
pattern: '${pattern}'
keywords: [acme_]
examples:
  - text: 'token = acme_ab12cd34'
    yields: acme_ab12cd34
`;

function check(dir: string): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = checkPatterns(dir, (l) => lines.push(l));
  return { code, lines };
}

describe('keysweep patterns check', () => {
  it('accepts a good rule', () => {
    expect(check(ruleDir({ 'acme.yaml': rule('acme.token', '(acme_[a-z0-9]{8})') })).code).toBe(0);
  });

  // Each of these passed the check and then hung `scan` on one long line.
  it.each([
    '((?:a|a)*b)',
    '((?:\\w|a)*b)',
    '((?:a{1,30}){1,30}b)',
    '((?:a|aa)*b)',
    '((?:a|ab|b)*b)',
    '(a*a*a*a*a*b)',
    '(\\w*a\\w*a\\w*a\\w*b)',
  ])('rejects %s naming file, rule and field, exit 2', (pattern) => {
    const { code, lines } = check(ruleDir({ 'slow.yaml': rule('acme.slow', pattern) }));
    expect(code).toBe(2);
    expect(lines[0]).toMatch(
      /slow\.yaml: rule acme\.slow: field 'pattern' may (?:backtrack|take super-linear)/,
    );
  });

  it('reports an id used by two files, as scan would', () => {
    const good = rule('acme.token', '(acme_[a-z0-9]{8})');
    const { code, lines } = check(ruleDir({ 'a.yaml': good, 'b.yaml': good }));
    expect(code).toBe(2);
    expect(lines[0]).toMatch(/b\.yaml: rule acme\.token: field 'id' is already used by .*a\.yaml/);
  });

  it("reports a user rule reusing a built-in rule's id", () => {
    const { code, lines } = check(ruleDir({ 'mine.yaml': rule('aws.access-key-id', '(acme_[a-z0-9]{8})') }));
    expect(code).toBe(2);
    expect(lines[0]).toMatch(
      /mine\.yaml: rule aws\.access-key-id: field 'id' is already used by .*aws-access-key-id\.yaml/,
    );
  });

  it('reports every bad field of a file, one line each', () => {
    const text = rule('acme.token', '(acme_[a-z').replace(
      'keywords: [acme_]',
      'keywords: []\nseverity: dire\ncolour: red',
    );
    const { code, lines } = check(ruleDir({ 'r.yaml': text }));
    expect(code).toBe(2);
    const fields = lines.flatMap((l) => /field '([^']+)'/.exec(l)?.[1] ?? []);
    expect(fields.sort()).toEqual(['colour', 'keywords', 'pattern', 'severity']);
    expect(lines.at(-1)).toMatch(/^4 problems in /);
  });
});
