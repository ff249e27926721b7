import type { KeysweepError } from '../model/errors.js';
import { emptyStats, type Report, SWEEP_FAILED } from '../model/report.js';
import { redactUrl } from '../sources/git/url-credentials.js';
import { VERSION } from '../version.js';

/**
 * The report of a repository that failed: no findings, one `error` issue saying why. Written
 * where its real report would be, so `keysweep merge` (and its checklist) know the repository
 * was not scanned instead of never hearing of it. `shown` and the message are token-masked.
 */
export function failureReport(shown: string, err: KeysweepError, startedAt: string): Report {
  const detail = `${err.message}${err.hint ? ` (${err.hint})` : ''}`;
  return {
    tool: { name: 'keysweep', version: VERSION },
    run: { command: 'history', roots: [shown], startedAt, finishedAt: new Date().toISOString() },
    stats: emptyStats(),
    findings: [],
    issues: [{ path: shown, kind: 'error', reason: SWEEP_FAILED, detail: redactUrl(detail) }],
  };
}
