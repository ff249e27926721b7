import { readFile } from 'node:fs/promises';
import { UsageError } from '../model/errors.js';

/**
 * The parts of a keysweep JSON report that responding uses, read defensively: a report may come
 * from another version, be hand-edited, or hold raw secrets (--show-secrets). Secret fields
 * (`secret`, `sessionToken`, `value`) are never read.
 */
export interface ReportInput {
  tool: { name: string; version: string } | undefined;
  run:
    | { command: string; roots: string[]; startedAt: string | undefined; finishedAt: string | undefined }
    | undefined;
  findings: ReportFindingInput[];
  /** What could not be read; in a merged report, also the repositories a sweep could not scan. */
  issues: IssueInput[];
}

export interface IssueInput {
  path: string;
  kind: string;
  reason: string;
  detail: string | undefined;
}

export type VerificationStatusInput = 'live' | 'invalid' | 'canary' | 'unknown' | 'skipped';

export interface ReportFindingInput {
  fingerprint: string;
  kind: string;
  ruleIds: string[];
  severity: string | undefined;
  confidence: string | undefined;
  keyId: string | undefined;
  keyType: string | undefined;
  account: string | undefined;
  canary: boolean;
  /** Only kept when it has the redacted shape (`wJal…KEY1 (40 chars)`). */
  secretRedacted: string | undefined;
  occurrences: OccurrenceInput[];
  firstSeen: FirstSeenInput | undefined;
  presentAtHead: boolean | undefined;
  verification: VerificationInput | undefined;
}

export interface OccurrenceInput {
  /** Set by `keysweep merge`: the report (repository) the place was found in. */
  repository: string | undefined;
  kind: string;
  path: string;
  line: number | undefined;
  column: number | undefined;
  blob: string | undefined;
  commit: string | undefined;
  author: string | undefined;
  email: string | undefined;
  date: string | undefined;
  refs: string[];
}

export interface FirstSeenInput {
  commit: string | undefined;
  author: string | undefined;
  email: string | undefined;
  date: string | undefined;
  path: string | undefined;
  line: number | undefined;
}

export interface VerificationInput {
  status: VerificationStatusInput | string;
  account: string | undefined;
  arn: string | undefined;
  userId: string | undefined;
  root: boolean;
  checkedAt: string | undefined;
  detail: string | undefined;
}

/** Access key ids as AWS issues them (legacy ids may hold any digit), plus the old A3T prefix. */
export const KEY_ID_PATTERN = /^(AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}$/;
const ACCOUNT = /^\d{12}$/;
const SHA = /^[0-9a-f]{7,64}$/;
const REDACTED = /^[^\s]{0,4}…[^\s]{0,4} \(\d+ chars\)$|^\*+ \(\d+ chars\)$/;

export async function readReportFile(path: string): Promise<ReportInput> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(
      `report ${path} cannot be read (${code})`,
      'pass the JSON report written by `keysweep scan --format json`',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(
      `report ${path} is not JSON`,
      'pass the JSON report written by `keysweep scan --format json`',
    );
  }
  return parseReportInput(json, path);
}

/**
 * Validates the outer shape strictly (it must be a keysweep report) and each finding leniently
 * (bad fields are dropped, not fatal). Accepts the in-memory report shape too (occurrences with
 * a nested `location`), so `scan --checklist` can pass its report without a JSON round trip.
 */
export function parseReportInput(json: unknown, name = 'input'): ReportInput {
  if (!isObject(json)) throw notReport(name, 'it is not a JSON object');
  const findings = json['findings'];
  if (!Array.isArray(findings)) throw notReport(name, 'it has no "findings" array');
  const tool = isObject(json['tool']) ? json['tool'] : undefined;
  if (tool && typeof tool['name'] === 'string' && tool['name'] !== 'keysweep') {
    throw notReport(name, `it was written by ${JSON.stringify(tool['name'])}`);
  }
  const run = isObject(json['run']) ? json['run'] : undefined;
  return {
    tool: tool ? { name: str(tool['name']) ?? 'keysweep', version: str(tool['version']) ?? '' } : undefined,
    run: run
      ? {
          command: str(run['command']) ?? '',
          roots: Array.isArray(run['roots'])
            ? run['roots'].filter((r): r is string => typeof r === 'string')
            : [],
          startedAt: isoDate(run['startedAt']),
          finishedAt: isoDate(run['finishedAt']),
        }
      : undefined,
    findings: findings.filter(isObject).map(toFinding),
    issues: Array.isArray(json['issues']) ? json['issues'].filter(isObject).map(toIssue) : [],
  };
}

function toIssue(i: Record<string, unknown>): IssueInput {
  return {
    path: str(i['path']) ?? '',
    kind: str(i['kind']) ?? 'error',
    reason: str(i['reason']) ?? '',
    detail: str(i['detail']),
  };
}

function toFinding(f: Record<string, unknown>): ReportFindingInput {
  const keyId = str(f['keyId']);
  const account = str(f['account']);
  const redacted = str(f['secretRedacted']);
  return {
    fingerprint: str(f['fingerprint']) ?? '',
    kind: str(f['kind']) ?? 'unknown',
    ruleIds: Array.isArray(f['ruleIds'])
      ? f['ruleIds'].filter((r): r is string => typeof r === 'string')
      : [],
    severity: str(f['severity']),
    confidence: str(f['confidence']),
    keyId: keyId && KEY_ID_PATTERN.test(keyId) ? keyId : undefined,
    keyType: str(f['keyType']),
    account: account && ACCOUNT.test(account) ? account : undefined,
    canary: f['canary'] === true,
    secretRedacted: redacted && redacted.length <= 40 && REDACTED.test(redacted) ? redacted : undefined,
    occurrences: Array.isArray(f['occurrences']) ? f['occurrences'].filter(isObject).map(toOccurrence) : [],
    firstSeen: isObject(f['firstSeen']) ? toFirstSeen(f['firstSeen']) : undefined,
    presentAtHead: typeof f['presentAtHead'] === 'boolean' ? f['presentAtHead'] : undefined,
    verification: isObject(f['verification']) ? toVerification(f['verification']) : undefined,
  };
}

function toOccurrence(o: Record<string, unknown>): OccurrenceInput {
  // The in-memory shape nests where it was found under `location` (see src/model/location.ts).
  const loc = isObject(o['location']) ? o['location'] : o;
  const commitObj = isObject(loc['commit']) ? loc['commit'] : undefined;
  return {
    repository: str(o['repository']),
    kind: str(loc['kind']) ?? 'file',
    path: str(loc['path']) ?? '',
    line: posInt(o['line']),
    column: posInt(o['column']),
    blob: sha(loc['blob']),
    commit: commitObj ? sha(commitObj['sha']) : sha(loc['commit']),
    author: str(commitObj ? commitObj['author'] : loc['author']),
    email: str(commitObj ? commitObj['email'] : loc['email']),
    date: isoDate(commitObj ? commitObj['date'] : loc['date']),
    refs: Array.isArray(loc['refs']) ? loc['refs'].filter((r): r is string => typeof r === 'string') : [],
  };
}

function toFirstSeen(o: Record<string, unknown>): FirstSeenInput {
  return {
    commit: sha(o['commit']),
    author: str(o['author']),
    email: str(o['email']),
    date: isoDate(o['date']),
    path: str(o['path']),
    line: posInt(o['line']),
  };
}

function toVerification(o: Record<string, unknown>): VerificationInput {
  const account = str(o['account']);
  return {
    status: str(o['status']) ?? 'unknown',
    account: account && ACCOUNT.test(account) ? account : undefined,
    arn: str(o['arn']),
    userId: str(o['userId']),
    root: o['root'] === true || (str(o['arn']) ?? '').endsWith(':root'),
    checkedAt: isoDate(o['checkedAt']),
    detail: str(o['detail']),
  };
}

function notReport(name: string, why: string): UsageError {
  return new UsageError(
    `report ${name} is not a keysweep JSON report: ${why}`,
    'pass the JSON report written by `keysweep scan --format json`',
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function sha(v: unknown): string | undefined {
  const s = str(v);
  return s && SHA.test(s) ? s : undefined;
}

function posInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

/** Normalised to UTC ISO so dates can be compared and pasted into commands safely. */
function isoDate(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
