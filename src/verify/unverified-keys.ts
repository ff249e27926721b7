import type { Finding } from '../model/finding.js';
import { plural } from '../model/plural.js';
import type { ScanIssue } from '../model/report.js';

/**
 * Findings whose verification could not tell (timeout, network, throttling, 5xx). They make the
 * scan partial: a key that could not be checked must never pass as clean, least of all under
 * `--fail-on live`.
 */
export interface UnverifiedKeys {
  /** One `error` issue per finding left unknown; the key id stands in for the path. */
  issues: ScanIssue[];
  /** One line for stderr, or undefined when every sent key got an answer. */
  warning: string | undefined;
}

export function unverifiedKeys(findings: readonly Finding[]): UnverifiedKeys {
  const unknown = findings.filter((f) => f.verification?.status === 'unknown');
  if (unknown.length === 0) return { issues: [], warning: undefined };
  const issues: ScanIssue[] = unknown.map((f) => ({
    path: f.keyId ?? f.fingerprint,
    kind: 'error',
    reason: 'verification-unknown',
    detail: f.verification!.detail,
  }));
  const keys = new Set(unknown.map((f) => f.keyId ?? f.fingerprint)).size;
  const why = [...new Set(unknown.map((f) => f.verification!.reason ?? f.verification!.detail))].join('; ');
  const warning =
    `${plural(keys, 'key')} could not be verified (${why}); ` +
    'the scan counts as partial (exit 3 unless findings at or above --fail-on): verify again later';
  return { issues, warning };
}
