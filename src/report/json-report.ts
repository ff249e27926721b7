import { keyIdType } from '../model/aws-key-id.js';
import type { Finding, Occurrence } from '../model/finding.js';
import type { Report } from '../model/report.js';

/**
 * The JSON report: a documented, stable schema (README "JSON report"). Bump SCHEMA_VERSION on
 * any breaking change. Raw `secret`, `sessionToken` and `value` appear only with --show-secrets.
 */
export const SCHEMA_VERSION = 1;

export interface JsonOptions {
  showSecrets: boolean;
}

export function toJsonReport(report: Report, options: JsonOptions): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: report.tool,
    run: report.run,
    stats: { ...report.stats, findings: report.findings.length },
    findings: report.findings.map((f) => jsonFinding(f, options)),
    issues: report.issues,
  };
}

export function renderJson(report: Report, options: JsonOptions): string {
  return `${JSON.stringify(toJsonReport(report, options), null, 2)}\n`;
}

export function jsonFinding(f: Finding, options: JsonOptions): Record<string, unknown> {
  const first = firstSeen(f);
  return {
    fingerprint: f.fingerprint,
    kind: f.kind,
    ruleIds: f.ruleIds,
    severity: f.severity,
    confidence: f.confidence,
    ...(f.keyId ? { keyId: f.keyId, keyType: keyIdType(f.keyId) } : {}),
    ...(f.account ? { account: f.account } : {}),
    canary: f.canary,
    ...(f.secret ? { secretRedacted: f.secret.redacted() } : {}),
    ...(f.sessionToken ? { sessionTokenRedacted: f.sessionToken.redacted() } : {}),
    ...(f.value ? { valueRedacted: f.value.redacted() } : {}),
    ...(options.showSecrets && f.secret ? { secret: f.secret.reveal() } : {}),
    ...(options.showSecrets && f.sessionToken ? { sessionToken: f.sessionToken.reveal() } : {}),
    ...(options.showSecrets && f.value ? { value: f.value.reveal() } : {}),
    occurrences: f.occurrences.map(jsonOccurrence),
    ...(first ? { firstSeen: first } : {}),
    ...(f.presentAtHead !== undefined ? { presentAtHead: f.presentAtHead } : {}),
    ...(f.verification ? { verification: f.verification } : {}),
  };
}

export function jsonOccurrence(o: Occurrence): Record<string, unknown> {
  const loc = o.location;
  const base = {
    kind: loc.kind,
    path: loc.path,
    line: o.line,
    column: o.column,
    ...(o.secretLine !== undefined ? { secretLine: o.secretLine } : {}),
  };
  switch (loc.kind) {
    case 'file':
    case 'stdin':
      return base;
    case 'staged':
      return { ...base, blob: loc.blob };
    case 'git':
      return {
        ...base,
        blob: loc.blob,
        ...(loc.commit
          ? {
              commit: loc.commit.sha,
              author: loc.commit.author,
              email: loc.commit.email,
              date: loc.commit.date,
            }
          : {}),
        ...(loc.refs ? { refs: loc.refs } : {}),
      };
  }
}

/** The earliest commit that held the credential: where the exposure window starts. */
export function firstSeen(f: Finding): Record<string, unknown> | undefined {
  let best: { o: Occurrence; date: string } | undefined;
  for (const o of f.occurrences) {
    if (o.location.kind !== 'git' || !o.location.commit) continue;
    const date = o.location.commit.date;
    if (!best || Date.parse(date) < Date.parse(best.date)) best = { o, date };
  }
  if (best?.o.location.kind !== 'git' || !best.o.location.commit) return undefined;
  const c = best.o.location.commit;
  return {
    commit: c.sha,
    author: c.author,
    email: c.email,
    date: c.date,
    path: best.o.location.path,
    line: best.o.line,
  };
}
