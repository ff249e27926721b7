import type { Finding, Occurrence, Severity } from '../model/finding.js';
import { plural } from '../model/plural.js';
import type { Report, ScanIssue } from '../model/report.js';
import { findingHeadline, KIND_LABELS, verificationWords } from './finding-summary.js';
import type { RuleInfo } from './rule-info.js';
import { sortForReading } from './text-report.js';

/**
 * SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 *
 * One result per credential (not per place): its first place is the primary location, the
 * others are related locations. The content fingerprint is the partial fingerprint, so GitHub
 * keeps one alert when the line moves. Values are always redacted, even with --show-secrets:
 * SARIF is uploaded to a code host and shown to everyone with read access.
 */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_FINGERPRINT_KEY = 'keysweep/v1';
/** GitHub reads at most 1000 locations per result; fewer keeps the upload small. */
const MAX_RELATED = 100;
const MAX_NOTIFICATIONS = 1000;

export interface SarifOptions {
  /** The rules of this run (built-in and --patterns), for the driver's rule list and help. */
  rules: readonly RuleInfo[];
}

type Json = Record<string, unknown>;

export function renderSarif(report: Report, options: SarifOptions): string {
  return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
}

export function toSarif(report: Report, options: SarifOptions): Json {
  const rules = [...options.rules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = sortForReading(report.findings).map((f) => {
    const ruleId = primaryRuleId(f);
    let i = index.get(ruleId);
    if (i === undefined) {
      // A finding from a rule this run does not know (e.g. a merged report): describe it by kind.
      i = rules.length;
      rules.push({
        id: ruleId,
        name: KIND_LABELS[f.kind],
        description: KIND_LABELS[f.kind],
        severity: f.severity,
        confidence: f.confidence,
      });
      index.set(ruleId, i);
    }
    return sarifResult(f, ruleId, i);
  });
  const failed = report.issues.some((issue) => issue.kind === 'error');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keysweep',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful: !failed,
            startTimeUtc: report.run.startedAt,
            endTimeUtc: report.run.finishedAt,
            ...(report.issues.length > 0
              ? { toolExecutionNotifications: report.issues.slice(0, MAX_NOTIFICATIONS).map(notification) }
              : {}),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { command: report.run.command, stats: report.stats },
      },
    ],
  };
}

/** For a pair the key id's rule leads, matching the order of `ruleIds`. */
function primaryRuleId(f: Finding): string {
  return f.ruleIds[0] ?? `keysweep.${f.kind}`;
}

function sarifRule(r: RuleInfo): Json {
  const description = oneLine(r.description);
  return {
    id: r.id,
    name: pascalCase(r.id),
    shortDescription: { text: r.name },
    fullDescription: { text: description },
    help: { text: `${description}\n\n${HELP_TEXT}`, markdown: `${description}\n\n${HELP_MARKDOWN}` },
    defaultConfiguration: { level: levelFor(r.severity) },
    properties: {
      tags: ['security', 'secret', 'aws', 'external/cwe/cwe-798'],
      precision: { high: 'very-high', medium: 'high', low: 'medium' }[r.confidence],
      // GitHub shows this score as critical/high/medium/low on the alert.
      'security-severity': SECURITY_SEVERITY[r.severity],
    },
  };
}

const HELP_TEXT = [
  'What to do: treat the credential as compromised.',
  '1. Check whether it is live: keysweep verify --key-id ID (the secret from stdin).',
  '2. Deactivate it with your own AWS credentials: keysweep revoke --key-id ID (dry run unless --yes).',
  '3. Remove it from the code and, if it was pushed, from the git history; rotate whatever used it.',
  '4. Follow the incident checklist: keysweep checklist REPORT.json.',
  'A false positive: add its fingerprint to .keysweep.yaml under allow: with a reason, or put keysweep:allow on the line.',
].join('\n');

const HELP_MARKDOWN = [
  '**What to do:** treat the credential as compromised.',
  '',
  '1. Check whether it is live: `keysweep verify --key-id ID` (the secret from stdin).',
  '2. Deactivate it with your own AWS credentials: `keysweep revoke --key-id ID` (dry run unless `--yes`).',
  '3. Remove it from the code and, if it was pushed, from the git history; rotate whatever used it.',
  '4. Follow the incident checklist: `keysweep checklist REPORT.json`.',
  '',
  'A false positive: add its fingerprint to `.keysweep.yaml` under `allow:` with a reason, or put `keysweep:allow` on the line.',
].join('\n');

const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

export function levelFor(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'critical' || severity === 'high'
    ? 'error'
    : severity === 'medium'
      ? 'warning'
      : 'note';
}

function sarifResult(f: Finding, ruleId: string, ruleIndex: number): Json {
  const [first, ...rest] = f.occurrences;
  const related = rest.slice(0, MAX_RELATED);
  const words = [`${findingHeadline(f)}.`];
  if (f.account) words.push(`Account ${f.account}${f.canary ? ' (a known canary-token account)' : ''}.`);
  if (f.verification) words.push(`Verification: ${verificationWords(f.verification)}.`);
  if (rest.length > 0) words.push(`Also in ${plural(rest.length, 'other place')}.`);
  return {
    ruleId,
    ruleIndex,
    kind: 'fail',
    level: f.verification?.status === 'live' ? 'error' : levelFor(f.severity),
    message: { text: words.join(' ') },
    locations: first ? [sarifLocation(first)] : [],
    ...(related.length > 0
      ? {
          relatedLocations: related.map((o, i) => ({
            id: i + 1,
            ...sarifLocation(o),
            message: { text: 'the same credential' },
          })),
        }
      : {}),
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
    properties: {
      kind: f.kind,
      severity: f.severity,
      confidence: f.confidence,
      ruleIds: f.ruleIds,
      ...(f.keyId ? { keyId: f.keyId } : {}),
      ...(f.account ? { account: f.account } : {}),
      canary: f.canary,
      occurrences: f.occurrences.length,
      ...(f.presentAtHead !== undefined ? { presentAtHead: f.presentAtHead } : {}),
      ...(f.verification ? { verification: f.verification.status } : {}),
    },
  };
}

/**
 * A file, staged or git path becomes a relative URI against the checkout (%SRCROOT%), which is
 * what GitHub resolves. Stdin and commit messages have no file: they get a logical location.
 */
function sarifLocation(o: Occurrence): Json {
  const loc = o.location;
  const isFile = loc.kind !== 'stdin' && !(loc.kind === 'git' && loc.path.startsWith('<'));
  const properties =
    loc.kind === 'git'
      ? { blob: loc.blob, ...(loc.commit ? { commit: loc.commit.sha, date: loc.commit.date } : {}) }
      : loc.kind === 'staged'
        ? { blob: loc.blob, staged: true }
        : undefined;
  if (!isFile) {
    return {
      logicalLocations: [{ name: loc.kind === 'stdin' ? '(stdin)' : loc.path, kind: 'resource' }],
      ...(properties ? { properties } : {}),
    };
  }
  return {
    physicalLocation: {
      artifactLocation: { uri: toUri(loc.path), uriBaseId: '%SRCROOT%' },
      region: { startLine: Math.max(1, o.line), startColumn: Math.max(1, o.column) },
    },
    ...(properties ? { properties } : {}),
  };
}

/** Percent-encodes each segment, keeping the slashes: `my dir/a#1.env` -> `my%20dir/a%231.env`. */
export function toUri(path: string): string {
  return path
    .replace(/^\.\//, '')
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function notification(issue: ScanIssue): Json {
  return {
    level: issue.kind === 'error' ? 'error' : 'warning',
    message: {
      text: `${issue.path}: ${issue.kind} (${issue.reason}${issue.detail ? `: ${issue.detail}` : ''})`,
    },
    descriptor: { id: `keysweep/${issue.kind}/${issue.reason}` },
  };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
