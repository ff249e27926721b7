import { readFileSync } from 'node:fs';
import { ConfigError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import { partFingerprints } from '../model/fingerprint.js';
import { formatLocation } from '../model/location.js';
import type { Report } from '../model/report.js';
import { KIND_LABELS, redactedValues } from './finding-summary.js';
import { SARIF_FINGERPRINT_KEY } from './sarif-report.js';

/**
 * A baseline: the findings a team has looked at and accepted, by content fingerprint. It holds
 * fingerprints and redacted hints only, never a secret (there is no option to add them), so it
 * can be committed. `--baseline FILE` also takes a keysweep JSON report or SARIF log as is.
 */
export const BASELINE_FORMAT = 'keysweep-baseline';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  kind: string;
  /**
   * Redacted: `AWS key pair AKIAZ5SW…JM2X (secret q7Rk…nBi+ (40 chars))`. Even the key id is
   * shortened: a committed baseline holding whole key ids would itself be flagged by scans.
   */
  hint: string;
  /**
   * Fingerprints of the credential's values each on its own (key id alone, secret alone): a
   * baselined pair whose lines later drift apart, or baselined parts that later meet, stay
   * accepted. One-way hashes of the values, like `fingerprint`.
   */
  parts?: string[];
  /** Where it was first seen when the baseline was made: for the reviewer, not for matching. */
  where?: string;
}

export interface BaselineFile {
  format: typeof BASELINE_FORMAT;
  version: typeof BASELINE_VERSION;
  createdAt: string;
  tool: { name: 'keysweep'; version: string };
  entries: BaselineEntry[];
}

/** What `--baseline` needs: the accepted fingerprints, and the accepted parts of credentials. */
export interface Baseline {
  file: string;
  fingerprints: ReadonlySet<string>;
  /** Part fingerprints of baselined credentials (baseline files only; reports carry none). */
  parts: ReadonlySet<string>;
}

export function toBaselineFile(report: Report, createdAt = new Date().toISOString()): BaselineFile {
  const entries = report.findings
    .map((f): BaselineEntry => {
      const first = f.occurrences[0];
      const parts = partFingerprints(valuesOf(f));
      return {
        fingerprint: f.fingerprint,
        kind: f.kind,
        hint: baselineHint(f),
        ...(parts.length > 1 ? { parts } : {}),
        ...(first ? { where: formatLocation(first.location, first.line) } : {}),
      };
    })
    // Sorted so that regenerating an unchanged baseline gives an unchanged file (clean diffs).
    .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, createdAt, tool: report.tool, entries };
}

function valuesOf(f: Finding) {
  return {
    keyId: f.keyId,
    secret: f.secret?.reveal(),
    token: f.sessionToken?.reveal(),
    value: f.value?.reveal(),
  };
}

function baselineHint(f: Finding): string {
  const values = redactedValues(f);
  const id = f.keyId ? ` ${f.keyId.slice(0, 8)}…${f.keyId.slice(-4)}` : '';
  return `${KIND_LABELS[f.kind]}${id}${values.length > 0 ? ` (${values.join(', ')})` : ''}`;
}

export function renderBaseline(report: Report, createdAt?: string): string {
  return `${JSON.stringify(toBaselineFile(report, createdAt), null, 2)}\n`;
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `${file}: cannot read the baseline (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      {
        file,
        hint: 'check the path; `keysweep baseline FILE` writes one',
      },
    );
  }
  return parseBaseline(text, file);
}

/**
 * Accepts a keysweep baseline, a keysweep JSON report (`findings[].fingerprint`) or a keysweep
 * SARIF log (`partialFingerprints`). Anything else is an error: a baseline that silently
 * matched nothing would hide nothing, and one that matched by accident would hide leaks.
 */
export function parseBaseline(text: string, file: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: the baseline is not valid JSON (${(err as Error).message})`, {
      file,
      hint: 'pass a file written by `keysweep baseline` or `keysweep scan --format json`',
    });
  }
  const fingerprints = new Set<string>();
  const parts = new Set<string>();
  const add = (fp: unknown, field: string, into: Set<string> = fingerprints) => {
    if (typeof fp !== 'string' || !/^[0-9a-f]{64}$/.test(fp)) {
      throw new ConfigError(`${file}: ${field} is not a keysweep fingerprint (64 hex characters)`, {
        file,
        field,
      });
    }
    into.add(fp);
  };
  const obj = isObject(doc) ? doc : {};
  if (obj['format'] === BASELINE_FORMAT) {
    if (obj['version'] !== BASELINE_VERSION) {
      throw new ConfigError(`${file}: baseline version ${String(obj['version'])} is not supported`, {
        file,
        field: 'version',
        hint: `this keysweep reads version ${BASELINE_VERSION}; regenerate it with \`keysweep baseline\``,
      });
    }
    listOf(obj['entries'], file, 'entries').forEach((e, i) => {
      add(isObject(e) ? e['fingerprint'] : undefined, `entries[${i}].fingerprint`);
      if (isObject(e) && e['parts'] !== undefined) {
        listOf(e['parts'], file, `entries[${i}].parts`).forEach((p, j) => {
          add(p, `entries[${i}].parts[${j}]`, parts);
        });
      }
    });
  } else if (typeof obj['schemaVersion'] === 'number' && Array.isArray(obj['findings'])) {
    obj['findings'].forEach((f, i) => {
      add(isObject(f) ? f['fingerprint'] : undefined, `findings[${i}].fingerprint`);
    });
  } else if (typeof obj['version'] === 'string' && Array.isArray(obj['runs'])) {
    obj['runs'].forEach((run, r) => {
      const results = isObject(run) ? run['results'] : undefined;
      listOf(results ?? [], file, `runs[${r}].results`).forEach((res, i) => {
        const pf = isObject(res) ? res['partialFingerprints'] : undefined;
        add(
          isObject(pf) ? pf[SARIF_FINGERPRINT_KEY] : undefined,
          `runs[${r}].results[${i}].partialFingerprints`,
        );
      });
    });
  } else {
    throw new ConfigError(`${file}: not a keysweep baseline, JSON report or SARIF log`, {
      file,
      hint: 'pass a file written by `keysweep baseline`, `--format json` or `--format sarif`',
    });
  }
  return { file, fingerprints, parts };
}

/**
 * Whether the baseline already accepted this credential: the same fingerprint, or every value
 * of it accepted before (as a finding of its own or as part of a pair). A pair with a new secret
 * for a baselined key id is new: its secret was never accepted.
 */
export function isBaselined(finding: Finding, baseline: Baseline): boolean {
  if (baseline.fingerprints.has(finding.fingerprint)) return true;
  const own = partFingerprints(valuesOf(finding));
  return own.length > 0 && own.every((fp) => baseline.parts.has(fp) || baseline.fingerprints.has(fp));
}

/** Splits findings into the new ones and those the baseline already holds. */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
): { kept: Finding[]; suppressed: number } {
  const kept = findings.filter((f) => !isBaselined(f, baseline));
  return { kept, suppressed: findings.length - kept.length };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function listOf(v: unknown, file: string, field: string): unknown[] {
  if (!Array.isArray(v)) throw new ConfigError(`${file}: ${field} must be a list`, { file, field });
  return v;
}
