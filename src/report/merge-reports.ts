import { SEVERITY_ORDER, type Severity } from '../model/finding.js';
import { SCHEMA_VERSION } from './json-report.js';

/**
 * Merges keysweep JSON reports (one per repository, from `keysweep sweep` or any scan) into one
 * report of the same schema. A credential found in several repositories is one finding whose
 * occurrences each name their `repository`. Works on the JSON itself, so reports from other
 * machines and versions of the same schema merge. Raw secrets (reports written with
 * --show-secrets) are dropped: a merged report travels further than its parts.
 */
export interface ReportSource {
  /** Names the repository in occurrences and issues (the report's file name, by default). */
  label: string;
  doc: unknown;
  file: string;
}

type Json = Record<string, unknown>;

const SECRET_FIELDS = ['secret', 'sessionToken', 'value'] as const;
const VERIFICATION_RANK: Record<string, number> = { live: 0, invalid: 1, canary: 2, unknown: 3, skipped: 4 };

export class ReportShapeError extends Error {}

export function mergeReports(sources: readonly ReportSource[], version: string): Json {
  const byFingerprint = new Map<string, Json>();
  const stats = {
    files: 0,
    blobs: 0,
    bytes: 0,
    skipped: {} as Record<string, number>,
    suppressed: {} as Record<string, number>,
  };
  const issues: Json[] = [];
  const times: string[] = [];
  for (const { label, doc, file } of sources) {
    const report = asObject(doc);
    if (report['schemaVersion'] !== SCHEMA_VERSION || !Array.isArray(report['findings'])) {
      throw new ReportShapeError(
        `${file}: not a keysweep JSON report of schema version ${SCHEMA_VERSION} (write reports with --format json)`,
      );
    }
    const run = asObject(report['run']);
    for (const t of [run['startedAt'], run['finishedAt']]) if (typeof t === 'string') times.push(t);
    addStats(stats, asObject(report['stats']));
    for (const issue of Array.isArray(report['issues']) ? report['issues'] : []) {
      const i = asObject(issue);
      issues.push({ ...i, path: `${label}:${String(i['path'] ?? '')}` });
    }
    for (const raw of report['findings']) {
      const f = asObject(raw);
      const fp = f['fingerprint'];
      if (typeof fp !== 'string' || !/^[0-9a-f]{64}$/.test(fp)) {
        throw new ReportShapeError(`${file}: a finding has no valid fingerprint`);
      }
      const occurrences = (Array.isArray(f['occurrences']) ? f['occurrences'] : []).map((o) => ({
        repository: label,
        ...asObject(o),
      }));
      const seen = byFingerprint.get(fp);
      if (!seen) {
        const copy: Json = { ...f, occurrences };
        for (const k of SECRET_FIELDS) delete copy[k];
        byFingerprint.set(fp, copy);
      } else {
        combine(seen, f, occurrences);
      }
    }
  }
  times.sort();
  const findings = [...byFingerprint.values()];
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'keysweep', version },
    run: {
      command: 'merge',
      roots: sources.map((s) => s.label),
      startedAt: times[0] ?? new Date().toISOString(),
      finishedAt: times.at(-1) ?? new Date().toISOString(),
    },
    stats: {
      files: stats.files,
      blobs: stats.blobs,
      bytes: stats.bytes,
      skipped: stats.skipped,
      ...(Object.keys(stats.suppressed).length > 0 ? { suppressed: stats.suppressed } : {}),
      findings: findings.length,
      reports: sources.length,
    },
    findings,
    issues,
  };
}

/** The same credential seen again: its worst severity, every place, the earliest commit, the live verdict. */
function combine(into: Json, f: Json, occurrences: Json[]): void {
  into['occurrences'] = [...(into['occurrences'] as Json[]), ...occurrences];
  const sev = (v: unknown) => SEVERITY_ORDER.indexOf(v as Severity);
  if (sev(f['severity']) > sev(into['severity'])) into['severity'] = f['severity'];
  into['ruleIds'] = [...new Set([...asList(into['ruleIds']), ...asList(f['ruleIds'])])];
  if (f['canary'] === true) into['canary'] = true;
  if (f['presentAtHead'] === true) into['presentAtHead'] = true;
  const a = asObject(into['firstSeen']);
  const b = asObject(f['firstSeen']);
  if (
    typeof b['date'] === 'string' &&
    (typeof a['date'] !== 'string' || Date.parse(b['date']) < Date.parse(a['date']))
  ) {
    into['firstSeen'] = f['firstSeen'];
  }
  const rank = (v: unknown) => VERIFICATION_RANK[String(asObject(v)['status'])] ?? 9;
  if (f['verification'] !== undefined && rank(f['verification']) < rank(into['verification'])) {
    into['verification'] = f['verification'];
  }
}

function addStats(
  into: {
    files: number;
    blobs: number;
    bytes: number;
    skipped: Record<string, number>;
    suppressed: Record<string, number>;
  },
  s: Json,
): void {
  for (const k of ['files', 'blobs', 'bytes'] as const)
    if (typeof s[k] === 'number') into[k] += s[k] as number;
  for (const [field, target] of [
    ['skipped', into.skipped],
    ['suppressed', into.suppressed],
  ] as const) {
    for (const [k, v] of Object.entries(asObject(s[field])))
      if (typeof v === 'number') target[k] = (target[k] ?? 0) + v;
  }
}

function asObject(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function asList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
