import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../test/support/fake-keys.js';
import { reportFromTexts } from '../../test/support/report-from-text.js';
import { renderText, summaryLine } from './text-report.js';

const pair = (n: string) => `aws_access_key_id = ${fakeKeyId(n)}\naws_secret_access_key = ${fakeSecret(n)}\n`;

describe('text report', () => {
  it('says "1 file" and "1 blob", not "1 files"', () => {
    const one = reportFromTexts({ 'a.env': pair('txt-1') });
    expect(summaryLine(one)).toMatch(/^1 finding in 1 file \(/);
    expect(summaryLine({ ...one, stats: { ...one.stats, files: 0, blobs: 1 } })).toMatch(/ in 1 blob \(/);
    const two = reportFromTexts({ 'a.env': pair('txt-1'), 'b.env': pair('txt-2') });
    expect(summaryLine(two)).toMatch(/^2 findings in 2 files \(/);
  });

  it('counts the places beyond the first ten in the right number', () => {
    const texts: Record<string, string> = {};
    for (let i = 0; i < 11; i++) texts[`f${i}.env`] = pair('txt-many');
    const out = renderText(reportFromTexts(texts), { color: false, showSecrets: false });
    expect(out).toContain('… and 1 more place\n');
  });
});
