import type { Finding } from '../model/finding.js';
import { formatLocation } from '../model/location.js';
import { plural } from '../model/plural.js';
import type { Report } from '../model/report.js';
import { KIND_LABELS, redactedValues, verificationWords } from './finding-summary.js';
import { formatBytes, sortForReading } from './text-report.js';

/**
 * A report for a pull-request or merge-request comment: a heading that says it all, one table
 * row per credential, the unreadable inputs folded away. Always redacted: a PR comment is
 * public to everyone who can see the repository.
 */
const MAX_ROWS = 100;
const MAX_ISSUES = 50;

export function renderMarkdown(report: Report): string {
  const n = report.findings.length;
  const out: string[] = [];
  out.push(
    n === 0
      ? '### keysweep: no leaked credentials found'
      : `### keysweep: ${plural(n, 'leaked credential')} found`,
  );
  out.push('');
  out.push(scannedLine(report));
  if (n > 0) {
    out.push('');
    out.push('| severity | what | key id | secret | where | status |');
    out.push('|---|---|---|---|---|---|');
    const rows = sortForReading(report.findings);
    for (const f of rows.slice(0, MAX_ROWS)) out.push(row(f));
    if (rows.length > MAX_ROWS) out.push('', `… and ${rows.length - MAX_ROWS} more: see the full report.`);
    out.push('');
    out.push(
      'Treat each credential as compromised: `keysweep verify` checks it, `keysweep revoke` switches it off with your own AWS credentials, and `keysweep checklist` lists what to do next. A false positive: add its fingerprint to `.keysweep.yaml` under `allow:` with a reason.',
    );
  }
  if (report.issues.length > 0) {
    out.push('');
    out.push(`<details><summary>${plural(report.issues.length, 'input')} not fully scanned</summary>`);
    out.push('');
    for (const i of report.issues.slice(0, MAX_ISSUES)) {
      out.push(
        `- ${code(i.path)}: ${i.kind} (${escapeText(i.reason)}${i.detail ? `: ${escapeText(i.detail)}` : ''})`,
      );
    }
    if (report.issues.length > MAX_ISSUES) out.push(`- … and ${report.issues.length - MAX_ISSUES} more`);
    out.push('');
    out.push('</details>');
  }
  return `${out.join('\n')}\n`;
}

function row(f: Finding): string {
  const [first, ...rest] = f.occurrences;
  const where = first
    ? `${code(formatLocation(first.location, first.line))}${rest.length > 0 ? ` +${rest.length} more` : ''}`
    : '';
  const status = f.verification
    ? verificationWords(f.verification)
    : f.canary
      ? 'canary token'
      : 'not verified';
  const secret = redactedValues(f)
    .map((v) => code(v))
    .join('<br>');
  return `| ${f.severity} | ${KIND_LABELS[f.kind]} | ${f.keyId ? code(f.keyId) : ''} | ${secret} | ${where} | ${escapeText(status)} |`;
}

function scannedLine(report: Report): string {
  const s = report.stats;
  const scanned = s.blobs > 0 ? plural(s.blobs, 'blob') : plural(s.files, 'file');
  return `Scanned ${scanned} (${formatBytes(s.bytes)}) with keysweep ${report.tool.version} (\`${report.run.command}\`).`;
}

/**
 * Inline code that survives any content: a backtick run longer than any inside it, and
 * pipes escaped so a path cannot break the table.
 */
export function code(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** Plain table text: no markdown, no HTML, no line breaks. */
export function escapeText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
}
