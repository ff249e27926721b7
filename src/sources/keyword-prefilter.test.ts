import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../test/support/fake-keys.js';
import { detectChunk } from '../detect/detect-chunk.js';
import { loadRules } from '../rules/load-rules.js';
import { keywordPrefilter } from './keyword-prefilter.js';

const RULES = loadRules();

describe('keywordPrefilter', () => {
  it('passes any case of any rule keyword, and base64-encoded key id prefixes', () => {
    const re = keywordPrefilter(RULES);
    for (const text of [
      'x = Aws.config',
      'SECRET=',
      `id: ${fakeKeyId('p')}`,
      'data:\n  id: QUtJQVE3TE1OMkJWQzVL\n',
    ]) {
      expect(re.test(text), text).toBe(true);
    }
    expect(re.test('const region = "eu-west-1"; let n = 42;\n')).toBe(false);
  });

  it('only ever skips texts on which the detector finds nothing', () => {
    const re = keywordPrefilter(RULES);
    const texts = [
      `aws_access_key_id = ${fakeKeyId('a')}\naws_secret_access_key = ${fakeSecret('a')}\n`,
      `"AccessKeyId": "${fakeKeyId('b')}", "SecretAccessKey": "${fakeSecret('b')}"`,
      `plain text ${fakeSecret('c')} with no context\n`,
      'function f(x) { return x * 2 }\n',
      `${fakeKeyId('d')}\n`,
    ];
    for (const text of texts) {
      const found = detectChunk({ location: { kind: 'file', path: 'x' }, text, startLine: 1 }, RULES);
      if (!re.test(text)) expect(found, text).toEqual([]);
    }
    expect(texts.filter((t) => !re.test(t))).toHaveLength(2);
  });

  it('includes the keywords of user rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-rules-'));
    try {
      writeFileSync(
        join(dir, 'acme.yaml'),
        [
          'id: acme.token',
          'name: Acme token',
          'description: an Acme API token',
          'role: generic',
          'confidence: high',
          'severity: high',
          "pattern: '(acme_[a-z0-9]{24})'",
          'keywords: [acme_]',
          'entropy:',
          '  min: 3.0',
          'examples:',
          "  - text: 'token: acme_q7rk2vbn9wlx4tzp8syc1mdf'",
          '    yields: acme_q7rk2vbn9wlx4tzp8syc1mdf',
          '',
        ].join('\n'),
      );
      const withUser = loadRules([dir]);
      expect(keywordPrefilter(withUser).test('token: ACME_abc')).toBe(true);
      expect(keywordPrefilter(RULES).test('token: ACME_abc')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
