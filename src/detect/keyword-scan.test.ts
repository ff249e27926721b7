import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../test/support/fake-keys.js';
import { loadRules } from '../rules/load-rules.js';
import type { CompiledRule } from '../rules/rule.js';
import { detectChunk } from './detect-chunk.js';
import { buildKeywordScanner, findKeywords } from './keyword-scan.js';

const RULES = loadRules();

describe('findKeywords', () => {
  it('finds any case of any rule keyword, and base64-encoded key id prefixes', () => {
    const found = (text: string) => [...findKeywords(RULES.keywordScanner, text)].sort();
    expect(found('x = Aws.config')).toEqual(['aws']);
    expect(found('SECRET=')).toEqual(['secret']);
    expect(found(`id: ${fakeKeyId('p')}`)).toContain('akia');
    expect(found('data:\n  id: QUtJQVE3TE1OMkJWQzVL\n')).toEqual(['qutjq']);
    expect(found('const region = "eu-west-1"; let n = 42;\n')).toEqual([]);
  });

  it('sees overlapping and contained keywords', () => {
    const scanner = buildKeywordScanner([{ keywordsLower: ['abc', 'bcd', 'b'] } as unknown as CompiledRule]);
    expect([...findKeywords(scanner, 'xxABCDxx')].sort()).toEqual(['abc', 'b', 'bcd']);
  });

  it('only ever skips texts on which the detector would find nothing', () => {
    const texts = [
      `aws_access_key_id = ${fakeKeyId('a')}\naws_secret_access_key = ${fakeSecret('a')}\n`,
      `"AccessKeyId": "${fakeKeyId('b')}", "SecretAccessKey": "${fakeSecret('b')}"`,
      `plain text ${fakeSecret('c')} with no context\n`,
      'function f(x) { return x * 2 }\n',
      `${fakeKeyId('d')}\n`,
    ];
    const hits = texts.map((t) => findKeywords(RULES.keywordScanner, t).size > 0);
    expect(hits).toEqual([true, true, false, false, true]);
    for (const text of texts.filter((_, i) => !hits[i])) {
      expect(detectChunk({ location: { kind: 'file', path: 'x' }, text, startLine: 1 }, RULES)).toEqual([]);
    }
  });

  it('includes the keywords of user rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-rules-'));
    try {
      writeFileSync(
        join(dir, 'acme.yaml'),
        "id: acme.token\nname: Acme token\ndescription: test\npattern: '(acme_[a-z0-9]{24})'\nkeywords: [acme_]\nexamples:\n  - text: 'token: acme_q7rk2vbn9wlx4tzp8syc1mdf'\n    yields: acme_q7rk2vbn9wlx4tzp8syc1mdf\n",
      );
      expect(findKeywords(loadRules([dir]).keywordScanner, 'token: ACME_abc').has('acme_')).toBe(true);
      expect(findKeywords(RULES.keywordScanner, 'token: ACME_abc').size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
