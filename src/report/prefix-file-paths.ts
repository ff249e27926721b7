import type { Finding } from '../model/finding.js';
import type { Report } from '../model/report.js';

/**
 * A file scan reports paths relative to its root (`app.py` for `keysweep scan src`). Code
 * scanning (SARIF `%SRCROOT%`) and GitLab resolve paths against the repository's top, so the
 * shared formats put the root's own place in front (`src/app.py`). Git locations are already
 * relative to the top and are left alone. Returns a copy; `prefix` ends with `/` or is empty.
 */
export function prefixFilePaths(report: Report, prefix: string): Report {
  if (prefix === '') return report;
  const findings = report.findings.map(
    (f): Finding => ({
      ...f,
      occurrences: f.occurrences.map((o) =>
        o.location.kind === 'file'
          ? { ...o, location: { ...o.location, path: prefix + o.location.path } }
          : o,
      ),
    }),
  );
  const issues = report.issues.map((i) => ({ ...i, path: prefix + i.path }));
  return { ...report, findings, issues };
}
