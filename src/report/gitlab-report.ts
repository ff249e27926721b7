import type { Finding, Occurrence, Severity } from '../model/finding.js';
import { formatLocation } from '../model/location.js';
import type { Report } from '../model/report.js';
import { redactTokens } from '../model/secret.js';
import { findingHeadline, KIND_LABELS, verificationWords } from './finding-summary.js';
import { sortForReading } from './text-report.js';

/**
 * GitLab's secret-detection report (`artifacts: reports: secret_detection:`), schema 15.x:
 * https://gitlab.com/gitlab-org/security-products/security-report-schemas (secret-detection-report-format.json)
 *
 * One vulnerability per credential, at its first place; the others are named in the
 * description. No `raw_source_code_extract`: that field would carry the secret into GitLab.
 */
export const GITLAB_SCHEMA_VERSION = '15.0.6';
/** GitLab's own analyzer writes this when a finding has no commit (a plain file scan). */
const NO_COMMIT = '0000000';
const MAX_PLACES_NAMED = 10;

type Json = Record<string, unknown>;

export function renderGitlab(report: Report): string {
  return `${JSON.stringify(toGitlab(report), null, 2)}\n`;
}

export function toGitlab(report: Report): Json {
  const tool = {
    id: 'keysweep',
    name: 'keysweep',
    version: report.tool.version,
    vendor: { name: 'keysweep' },
  };
  const failed = report.issues.some((i) => i.kind === 'error');
  return {
    version: GITLAB_SCHEMA_VERSION,
    vulnerabilities: sortForReading(report.findings).map(vulnerability),
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'secret_detection',
      start_time: gitlabTime(report.run.startedAt),
      end_time: gitlabTime(report.run.finishedAt),
      status: failed ? 'failure' : 'success',
      ...(report.issues.length > 0
        ? {
            messages: report.issues.slice(0, 1000).map((i) => ({
              level: i.kind === 'error' ? 'fatal' : 'warn',
              value: `${i.path}: ${i.kind} (${i.reason}${i.detail ? `: ${i.detail}` : ''})`,
            })),
          }
        : {}),
    },
  };
}

function vulnerability(f: Finding): Json {
  const [first, ...rest] = f.occurrences;
  const lines = [`${findingHeadline(f)}.`];
  if (f.account) lines.push(`Account ${f.account}${f.canary ? ' (a known canary-token account)' : ''}.`);
  if (f.verification) lines.push(`Verification: ${verificationWords(f.verification)}.`);
  if (rest.length > 0) {
    const named = rest.slice(0, MAX_PLACES_NAMED).map((o) => formatLocation(o.location, o.line, o.column));
    const more = rest.length - named.length;
    lines.push(`Also in: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`);
  }
  lines.push(`Fingerprint: ${f.fingerprint}.`);
  return {
    id: uuidFromFingerprint(f.fingerprint),
    category: 'secret_detection',
    name: KIND_LABELS[f.kind],
    description: lines.join(' '),
    severity: GITLAB_SEVERITY[f.verification?.status === 'live' ? 'critical' : f.severity],
    solution:
      'Treat the credential as compromised: check it (keysweep verify), deactivate it with your own AWS credentials (keysweep revoke), remove it from the code and history, and follow the incident checklist (keysweep checklist).',
    scanner: { id: 'keysweep', name: 'keysweep' },
    location: first ? gitlabLocation(first) : { file: '', commit: { sha: NO_COMMIT } },
    identifiers: [
      ...f.ruleIds.map((id) => ({ type: 'keysweep_rule_id', name: `keysweep rule ${id}`, value: id })),
      { type: 'cwe', name: 'CWE-798', value: '798', url: 'https://cwe.mitre.org/data/definitions/798.html' },
    ],
  };
}

function gitlabLocation(o: Occurrence): Json {
  const loc = o.location;
  const commit =
    loc.kind === 'git' && loc.commit
      ? {
          sha: loc.commit.sha,
          author: `${loc.commit.author} <${loc.commit.email}>`,
          date: loc.commit.date,
          ...(loc.commit.subject ? { message: redactTokens(loc.commit.subject) } : {}),
        }
      : { sha: NO_COMMIT };
  return {
    file: loc.kind === 'stdin' ? '(stdin)' : loc.path,
    // A pair may span lines (key id, then its secret): cover both.
    start_line: Math.max(1, Math.min(o.line, o.secretLine ?? o.line)),
    end_line: Math.max(1, o.line, o.secretLine ?? o.line),
    commit,
  };
}

const GITLAB_SEVERITY: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** GitLab's schema wants `YYYY-MM-DDTHH:MM:SS`: no fraction, no zone (UTC is implied). */
export function gitlabTime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19);
}

/** A stable UUID-shaped id from the content fingerprint, so the same credential keeps its id. */
export function uuidFromFingerprint(fp: string): string {
  const h = fp.padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
