import { randomUUID } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { KeysweepError, UsageError } from '../model/errors.js';

/**
 * The default audit log: in the working directory, next to the report it usually accompanies,
 * so a responder finds it without knowing where keysweep keeps state. It holds key ids, ARNs
 * and request ids, never a secret.
 */
export const DEFAULT_AUDIT_FILE = 'keysweep-audit.jsonl';

/** What keysweep did (or refused to do) to a key. */
export type AuditAction =
  | 'assume-role'
  | 'resolve-account'
  | 'lookup-owner'
  | 'list-keys'
  | 'deactivate'
  | 'confirm'
  | 'quarantine'
  | 'delete'
  | 'revoke-sessions'
  | 'refuse'
  | 'explain';

export type AuditResult = 'ok' | 'no-change' | 'failed' | 'refused' | 'unconfirmed' | 'manual';

/** One line of the audit log (JSON lines: one object per line, appended, never rewritten). */
export interface AuditEntry {
  /** ISO time the action finished. */
  time: string;
  /** Groups the entries of one `keysweep revoke` run. */
  runId: string;
  /** The ARN the operator acted as (the assumed role's ARN with --role-arn). */
  operator: string;
  /** With --role-arn: the principal that assumed the role, so the person behind a session is on record. */
  assumedFrom?: string;
  keyId: string;
  action: AuditAction;
  result: AuditResult;
  /** The AWS request id, to match CloudTrail and AWS Support cases. */
  requestId?: string;
  account?: string;
  userName?: string;
  roleName?: string;
  policyArn?: string;
  /** The AWS error code when result is failed. */
  errorCode?: string;
  detail?: string;
}

type Recorded = Omit<AuditEntry, 'time' | 'runId' | 'operator' | 'assumedFrom'>;

export interface AuditSink {
  record(entry: Recorded): Promise<void>;
}

/**
 * Appends each entry as soon as the action ends, so a crash or Ctrl-C mid-run still leaves an
 * honest record of what was changed. The file is created owner-readable only.
 */
export class AuditLog implements AuditSink {
  readonly runId = randomUUID();
  readonly entries: AuditEntry[] = [];

  constructor(
    readonly path: string,
    private readonly operator: string,
    private readonly now: () => Date = () => new Date(),
    private readonly assumedFrom?: string,
  ) {}

  async record(entry: Recorded): Promise<void> {
    const full: AuditEntry = {
      time: this.now().toISOString(),
      runId: this.runId,
      operator: this.operator,
      ...(this.assumedFrom ? { assumedFrom: this.assumedFrom } : {}),
      ...entry,
    };
    this.entries.push(full);
    try {
      await appendFile(this.path, `${JSON.stringify(full)}\n`, { encoding: 'utf8', mode: 0o600 });
    } catch (err) {
      throw new AuditWriteError(this.path, (err as NodeJS.ErrnoException).code ?? 'error', err);
    }
  }
}

/**
 * The audit log stopped accepting writes mid-run (disk full, the file replaced by a folder).
 * Operational, not a bug: exit 3, and no further AWS action is taken without its record.
 */
export class AuditWriteError extends KeysweepError {
  constructor(path: string, errno: string, cause?: unknown) {
    super(
      'audit-write',
      `audit log ${path} cannot be written (${errno}); keysweep stopped before its next AWS action`,
      {
        exitCode: 3,
        hint: 'what was done is listed above and in CloudTrail; fix the audit log path and run revoke again (keys already inactive are left as they are)',
        cause,
      },
    );
  }
}

export interface AuditReadResult {
  entries: AuditEntry[];
  /** Lines that were not audit entries (1-based), so a damaged log is visible, not silent. */
  badLines: number[];
}

/** Reads an audit log; a missing file is an empty log. Damaged lines are skipped and counted. */
export async function readAuditLog(path: string): Promise<AuditReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return { entries: [], badLines: [] };
    throw new UsageError(
      `audit log ${path} cannot be read (${code})`,
      'pass the file `keysweep revoke --audit` wrote',
    );
  }
  return parseAuditLog(text);
}

export function parseAuditLog(text: string): AuditReadResult {
  const entries: AuditEntry[] = [];
  const badLines: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      badLines.push(i + 1);
      continue;
    }
    const entry = toAuditEntry(parsed);
    if (entry) entries.push(entry);
    else badLines.push(i + 1);
  }
  return { entries, badLines };
}

const STRING_FIELDS = [
  'assumedFrom',
  'requestId',
  'account',
  'userName',
  'roleName',
  'policyArn',
  'errorCode',
  'detail',
] as const;

function toAuditEntry(v: unknown): AuditEntry | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const { time, runId, operator, keyId, action, result } = o;
  if (
    typeof time !== 'string' ||
    Number.isNaN(Date.parse(time)) ||
    typeof keyId !== 'string' ||
    typeof action !== 'string' ||
    typeof result !== 'string'
  ) {
    return undefined;
  }
  const entry: AuditEntry = {
    time,
    runId: typeof runId === 'string' ? runId : '',
    operator: typeof operator === 'string' ? operator : '',
    keyId,
    action: action as AuditAction,
    result: result as AuditResult,
  };
  for (const f of STRING_FIELDS) {
    const value = o[f];
    if (typeof value === 'string') entry[f] = value;
  }
  return entry;
}
