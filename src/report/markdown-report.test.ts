import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../test/support/fake-keys.js';
import { reportFromTexts } from '../../test/support/report-from-text.js';
import { code, escapeText, renderMarkdown } from './markdown-report.js';

const ID = fakeKeyId('md-1');
const SECRET = fakeSecret('md-1');
const ID2 = fakeKeyId('md-2');
const pairText = `aws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`;

describe('markdown report', () => {
  it('has a heading, one table row per credential, and never the secret', () => {
    const md = renderMarkdown(
      reportFromTexts({ 'config/prod.env': pairText, 'b.env': pairText, 'notes.txt': `id ${ID2}\n` }),
    );
    expect(md.split('\n')[0]).toBe('### keysweep: 2 leaked credentials found');
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| severity'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(`\`${ID}\``);
    expect(rows[0]).toContain('`config/prod.env:1` +1 more');
    expect(rows[0]).toMatch(/^\| high \| AWS key pair \|/);
    expect(md).not.toContain(SECRET);
    expect(md).toContain(`${SECRET.slice(0, 4)}…${SECRET.slice(-4)}`);
  });

  it('says so when nothing was found, and folds away unreadable inputs', () => {
    const report = reportFromTexts({ 'a.txt': 'nothing here\n' });
    report.issues.push({ path: 'big|<b>.bin', kind: 'skipped', reason: 'binary' });
    const md = renderMarkdown(report);
    expect(md).toContain('### keysweep: no leaked credentials found');
    expect(md).toContain('Scanned 1 file (13 B)');
    expect(md).not.toContain('| severity');
    expect(md).toContain('<details><summary>1 input not fully scanned</summary>');
    expect(md).toContain('`big\\|<b>.bin`');
  });

  it('cannot be broken out of by a path with pipes, backticks or newlines', () => {
    const report = reportFromTexts({ 'we`ird|name\n.env': pairText });
    const row = renderMarkdown(report)
      .split('\n')
      .find((l) => l.startsWith('| high'))!;
    // Six columns: seven unescaped pipes.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(7);
    expect(row).toContain('``we`ird\\|name\\n.env:1``');
  });
});

describe('helpers', () => {
  it('code() fences with a backtick run longer than any inside', () => {
    expect(code('a``b')).toBe('```a``b```');
    expect(code('`x')).toBe('`` `x ``');
  });
  it('escapeText() neutralises markdown and html', () => {
    expect(escapeText('<img src=x>*hi*')).toBe('\\<img src=x\\>\\*hi\\*');
  });
});
