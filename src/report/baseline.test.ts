import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../test/support/fake-keys.js';
import { reportFromTexts } from '../../test/support/report-from-text.js';
import { BUILTIN_PATTERNS_DIR, loadRuleSpecs } from '../rules/load-rules.js';
import { applyBaseline, parseBaseline, renderBaseline } from './baseline.js';
import { renderJson } from './json-report.js';
import { renderSarif } from './sarif-report.js';

const ID = fakeKeyId('baseline-1');
const SECRET = fakeSecret('baseline-1');
const ID2 = fakeKeyId('baseline-2');
const SECRET2 = fakeSecret('baseline-2');
const pair = (id: string, secret: string) => `aws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`;

describe('baseline', () => {
  const old = reportFromTexts({ 'config/a.env': pair(ID, SECRET) });

  it('holds fingerprints and redacted hints, never the secret', () => {
    const text = renderBaseline(old, '2024-01-01T00:00:00.000Z');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET.slice(4, 36));
    // Not even the whole key id: a committed baseline must not trip the next scan.
    expect(text).not.toContain(ID);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({
      format: 'keysweep-baseline',
      version: 1,
      createdAt: '2024-01-01T00:00:00.000Z',
    });
    expect(doc.entries).toEqual([
      {
        fingerprint: old.findings[0]!.fingerprint,
        kind: 'aws-key-pair',
        hint: `AWS key pair ${ID.slice(0, 8)}…${ID.slice(-4)} (secret ${SECRET.slice(0, 4)}…${SECRET.slice(-4)} (40 chars))`,
        parts: [expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)],
        where: 'config/a.env:1',
      },
    ]);
  });

  it('drops known findings, keeps new ones, and a moved, re-indented credential is still known', () => {
    const baseline = parseBaseline(renderBaseline(old), 'b.json');
    const now = reportFromTexts({
      'moved/elsewhere.yaml': `\n\nprod:\n      aws_access_key_id = ${ID}\n      aws_secret_access_key = ${SECRET}\n`,
      'new.env': pair(ID2, SECRET2),
    });
    expect(now.findings).toHaveLength(2);
    const { kept, suppressed } = applyBaseline(now.findings, baseline);
    expect(suppressed).toBe(1);
    expect(kept.map((f) => f.keyId)).toEqual([ID2]);
  });

  it('a baselined pair pulled apart stays known, and so do baselined parts that come together', () => {
    const apart = (id: string, secret: string) =>
      `aws_access_key_id = ${id}\n${'filler = 1\n'.repeat(80)}aws_secret_access_key = ${secret}\n`;
    const pulledApart = reportFromTexts({ 'config/a.env': apart(ID, SECRET) });
    expect(pulledApart.findings.map((f) => f.kind).sort()).toEqual(['aws-access-key-id', 'aws-secret-key']);
    expect(applyBaseline(pulledApart.findings, parseBaseline(renderBaseline(old), 'b.json')).kept).toEqual(
      [],
    );

    const fromParts = parseBaseline(renderBaseline(pulledApart), 'b.json');
    expect(applyBaseline(old.findings, fromParts).kept).toEqual([]);
  });

  it('a baselined key id with a secret never seen before is a new finding', () => {
    const baseline = parseBaseline(renderBaseline(old), 'b.json');
    const rotated = reportFromTexts({ 'config/a.env': pair(ID, SECRET2) });
    expect(applyBaseline(rotated.findings, baseline).kept.map((f) => f.kind)).toEqual(['aws-key-pair']);
  });

  it('reads a JSON report, even one written with --show-secrets, and a SARIF log', () => {
    const json = renderJson(old, { showSecrets: true });
    expect(parseBaseline(json, 'r.json').fingerprints).toEqual(new Set([old.findings[0]!.fingerprint]));
    const sarif = renderSarif(old, { rules: loadRuleSpecs([BUILTIN_PATTERNS_DIR]) });
    expect(parseBaseline(sarif, 'r.sarif').fingerprints).toEqual(new Set([old.findings[0]!.fingerprint]));
  });

  it('rejects what is not a baseline, naming the file and the field', () => {
    expect(() => parseBaseline('{', 'x.json')).toThrow(/^x\.json: the baseline is not valid JSON/);
    expect(() => parseBaseline('{"hello": 1}', 'x.json')).toThrow(
      /not a keysweep baseline, JSON report or SARIF log/,
    );
    expect(() =>
      parseBaseline(
        JSON.stringify({ format: 'keysweep-baseline', version: 1, entries: [{ fingerprint: 'abc' }] }),
        'x.json',
      ),
    ).toThrow(/^x\.json: entries\[0\]\.fingerprint is not a keysweep fingerprint/);
    expect(() =>
      parseBaseline(JSON.stringify({ format: 'keysweep-baseline', version: 9, entries: [] }), 'x.json'),
    ).toThrow(/version 9 is not supported/);
  });
});
