import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../test/support/fake-keys.js';
import { detectChunk } from '../detect/detect-chunk.js';
import { findKeywords } from '../detect/keyword-scan.js';
import type { Match } from '../detect/pairing.js';
import { loadRules } from '../rules/load-rules.js';
import type { RuleSet } from '../rules/rule.js';
import { decodeText } from './decode-bytes.js';
import { mayHoldKeyword } from './keyword-gate.js';
import { windowSettings } from './text-windows.js';
import { WindowScan } from './window-scan.js';

const RULES = loadRules();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function userRules(keywords: string[]): RuleSet {
  const dir = mkdtempSync(join(tmpdir(), 'ks-gate-'));
  dirs.push(dir);
  const list = keywords.map((k) => JSON.stringify(k)).join(', ');
  writeFileSync(
    join(dir, 'odd.yaml'),
    `id: odd.token\nname: Odd token\ndescription: test\npattern: '(?:a\\.b|\\(x\\)|é|Straße|acme_)([a-z0-9]{24})'\nkeywords: [${list}]\nexamples:\n  - text: 'acme_q7rk2vbn9wlx4tzp8syc1mdf'\n    yields: q7rk2vbn9wlx4tzp8syc1mdf\n`,
  );
  return loadRules([dir]);
}

const id = fakeKeyId('gate');
const secret = fakeSecret('gate');
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Texts the old path reads or skips for subtle reasons: case, encodings, splits, odd bytes. */
const TEXTS = [
  `aws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`,
  `AWS_SECRET_ACCESS_KEY=${secret}\n`,
  `Aws.Config.SeCrEt = "${secret}"\n`,
  `${id}\n`,
  `${id.toLowerCase()}\n`,
  'x = "akia" + "AKI" "AXXXXXXXXXXXXXXXX"\n',
  `key = "${id.slice(0, 3)}" "${id.slice(3)}"\nsecret = "${secret.slice(0, 20)}" + "${secret.slice(20)}"\n`,
  // Base64 of a key id at each offset of a 3-byte block, and of a whole credentials file.
  ...['', 'x', 'xy'].map((pad) => `data:\n  blob: ${b64(`${pad}${id}`)}\n`),
  `kind: Secret\ndata:\n  id: ${b64(id)}\n  key: ${b64(secret)}\n`,
  `creds: ${b64(`[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`)}\n`,
  // URL- and JSON-escaped values.
  `https://s3.amazonaws.com/x?X-Amz-Credential=${id}%2F20240101&X-Amz-Signature=abc%3D\n`,
  `{"aws_secret": "${secret.replace(/\//g, '\\/').replace(/\+/g, '\\u002B')}"}\n`,
  `session_token = ${'FwoGZXIvYXdz'}${'A'.repeat(200)}\n`,
  `SECURITY-TOKEN: ${'IQoJb3JpZ2luX2Vj'}${'b'.repeat(120)}\n`,
  'function f(x) { return x * 2 }\n',
  'const region = "eu-west-1"; // ünïcödé 🚀\n',
  `naïve café aws 🚀 ${secret}\n`,
  'acme_q7rk2vbn9wlx4tzp8syc1mdf ACME_Q7RK ÉTÉ STRASSE straße a.b (x)\n',
  'nothing here but a.b and (x) and é\n',
];

/** UTF-8 bytes of each text, plus variants with invalid bytes and a UTF-8 BOM. */
function byteVariants(text: string): Buffer[] {
  const utf8 = Buffer.from(text, 'utf8');
  return [
    utf8,
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]),
    Buffer.concat([Buffer.from([0xc3]), utf8, Buffer.from([0xe2, 0x82])]),
    Buffer.from(text.split('').join('\u00ff'), 'utf8'),
  ];
}

describe('mayHoldKeyword', () => {
  const ruleSets: [string, RuleSet][] = [
    ['built-in', RULES],
    ['user, ASCII keywords with regex characters', userRules(['a.b', '(x)', 'acme_'])],
    ['user, non-ASCII keywords', userRules(['é', 'Straße', 'acme_'])],
  ];

  it('needs ASCII keywords to test bytes', () => {
    expect(ruleSets[1]![1].keywordScanner.anyAscii).toBeDefined();
    expect(ruleSets[2]![1].keywordScanner.anyAscii).toBeUndefined();
  });

  it.each(ruleSets)('passes exactly the texts the keyword pass reads (%s rules)', (_name, rules) => {
    for (const text of TEXTS) {
      for (const bytes of byteVariants(text)) {
        const { text: decoded } = decodeText(bytes, 'utf8');
        const old = findKeywords(rules.keywordScanner, decoded).size > 0;
        const gate = mayHoldKeyword(rules.keywordScanner, bytes.toString('latin1'));
        // Never skips what the old path read; with ASCII keywords, passes nothing more either.
        if (old) expect(gate, decoded).toBe(true);
        if (rules.keywordScanner.anyAscii) expect(gate, decoded).toBe(old);
        if (!gate) {
          expect(
            detectChunk({ location: { kind: 'file', path: 'x' }, text: decoded, startLine: 1 }, rules),
          ).toEqual([]);
        }
      }
    }
  });

  it('leaves the reader with the same matches and issues, UTF-8 and UTF-16 alike', () => {
    const settings = windowSettings(1 << 20);
    const run = (bytes: Buffer, encoding: 'utf8' | 'utf16le' | 'utf16be') => {
      const matches: Match[] = [];
      const scan = new WindowScan(RULES, { kind: 'file', path: 'x' }, encoding, settings, (ms) =>
        matches.push(...ms),
      );
      scan.feed(bytes, true);
      return {
        matches: matches.map((m) => m.keyId?.value.reveal() ?? m.secret?.value.reveal()),
        issues: scan.issues(),
      };
    };
    for (const text of TEXTS) {
      for (const bytes of byteVariants(text)) {
        const { text: decoded, invalidUtf8 } = decodeText(bytes, 'utf8');
        const expected = detectChunk(
          { location: { kind: 'file', path: 'x' }, text: decoded, startLine: 1 },
          RULES,
        );
        const got = run(bytes, 'utf8');
        expect(got.matches).toEqual(expected.map((m) => m.keyId?.value.reveal() ?? m.secret?.value.reveal()));
        expect(got.issues.some((i) => i.reason === 'invalid-utf8')).toBe(invalidUtf8);
      }
      const le = Buffer.from(text, 'utf16le');
      const expected = detectChunk({ location: { kind: 'file', path: 'x' }, text, startLine: 1 }, RULES);
      const reveal = expected.map((m) => m.keyId?.value.reveal() ?? m.secret?.value.reveal());
      expect(run(le, 'utf16le').matches).toEqual(reveal);
      expect(run(Buffer.from(le).swap16(), 'utf16be').matches).toEqual(reveal);
    }
    expect(run(Buffer.from(`aws_access_key_id = ${id}\n`, 'utf16le'), 'utf16le').matches).toEqual([id]);
  });
});
