import pc from 'picocolors';
import type { Finding, Severity } from '../model/finding.js';
import { formatLocation } from '../model/location.js';
import { plural } from '../model/plural.js';
import { printable } from '../model/printable.js';
import type { Report } from '../model/report.js';
import { withReason } from './finding-summary.js';

export interface TextOptions {
  color: boolean;
  showSecrets: boolean;
}

const KIND_LABEL: Record<Finding['kind'], string> = {
  'aws-key-pair': 'AWS key pair',
  'aws-access-key-id': 'AWS access key id',
  'aws-secret-key': 'AWS secret access key',
  'aws-session-token': 'AWS session token',
  generic: 'secret',
};

/** Live keys first, then by severity, so the worst news is at the top. */
export function sortForReading(findings: readonly Finding[]): Finding[] {
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
  return [...findings].sort((a, b) => {
    const live = Number(b.verification?.status === 'live') - Number(a.verification?.status === 'live');
    return live || rank[a.severity] - rank[b.severity];
  });
}

export function renderText(report: Report, options: TextOptions): string {
  const c: Colors = pc.createColors(options.color);
  const out: string[] = [];
  for (const f of sortForReading(report.findings)) {
    const sev =
      f.severity === 'critical' || f.severity === 'high'
        ? c.red(f.severity.toUpperCase())
        : c.yellow(f.severity.toUpperCase());
    const head = [sev, c.bold(KIND_LABEL[f.kind])];
    if (f.keyId) head.push(f.keyId);
    if (f.verification) head.push(verificationLabel(f, c));
    else if (f.canary) head.push(c.cyan('[canary]'));
    out.push(head.join('  '));
    if (f.secret) out.push(`  secret:  ${options.showSecrets ? f.secret.reveal() : f.secret.redacted()}`);
    if (f.sessionToken)
      out.push(`  token:   ${options.showSecrets ? f.sessionToken.reveal() : f.sessionToken.redacted()}`);
    if (f.value) out.push(`  value:   ${options.showSecrets ? f.value.reveal() : f.value.redacted()}`);
    if (f.account)
      out.push(
        `  account: ${f.account}${f.canary ? ' (known canary-token account: never sent to AWS)' : ''}`,
      );
    if (f.verification?.arn) out.push(`  arn:     ${f.verification.arn}`);
    if (f.presentAtHead !== undefined)
      out.push(`  at HEAD: ${f.presentAtHead ? 'yes' : 'no (history only)'}`);
    const shown = f.occurrences.slice(0, 10);
    for (const o of shown) {
      const commit =
        o.location.kind === 'git' && o.location.commit
          ? `  ${o.location.commit.date.slice(0, 10)} ${printable(o.location.commit.author)}`
          : '';
      out.push(`  at ${c.dim(formatLocation(o.location, o.line, o.column))}${commit}`);
    }
    if (f.occurrences.length > shown.length)
      out.push(`  … and ${plural(f.occurrences.length - shown.length, 'more place', 'more places')}`);
    out.push(c.dim(`  fingerprint ${f.fingerprint.slice(0, 16)}`));
    out.push('');
  }
  out.push(summaryLine(report));
  for (const issue of report.issues.slice(0, 20)) {
    out.push(
      c.dim(
        `  ${issue.kind}: ${printable(issue.path)} (${issue.reason}${issue.detail ? `: ${printable(issue.detail)}` : ''})`,
      ),
    );
  }
  if (report.issues.length > 20)
    out.push(c.dim(`  … and ${report.issues.length - 20} more (see --format json)`));
  return `${out.join('\n')}\n`;
}

type Colors = ReturnType<typeof pc.createColors>;

function verificationLabel(f: Finding, c: Colors): string {
  const v = f.verification!;
  switch (v.status) {
    case 'live':
      return c.red(c.bold(v.root ? '[LIVE ROOT KEY]' : '[LIVE]'));
    case 'invalid':
      return c.green(`[${withReason('invalid', v)}]`);
    case 'canary':
      return c.cyan('[canary: not sent]');
    case 'unknown':
      return c.yellow(`[${withReason('unknown', v)}]`);
    case 'skipped':
      return c.dim(`[${withReason('not verified', v)}]`);
  }
}

export function summaryLine(report: Report): string {
  const s = report.stats;
  const skipped = Object.entries(s.skipped)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const scanned = s.blobs > 0 ? plural(s.blobs, 'blob') : plural(s.files, 'file');
  const n = report.findings.length;
  const suppressed = Object.entries(s.suppressed ?? {})
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return `${n === 0 ? 'no findings' : plural(n, 'finding')} in ${scanned} (${formatBytes(s.bytes)})${skipped ? `; skipped ${skipped}` : ''}${suppressed ? `; not reported: ${suppressed}` : ''}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
