import type { Report } from '../model/report.js';
import { toJsonReport } from '../report/json-report.js';
import { writeResult } from './write-result.js';

/**
 * `--checklist FILE` on a scan: the incident checklist for this report, with what was already
 * done taken from the default audit log when one is there.
 */
export async function writeChecklist(report: Report, file: string): Promise<void> {
  const { renderChecklist } = await import('../respond/checklist.js');
  const { DEFAULT_AUDIT_FILE, readAuditLog } = await import('../respond/audit-log.js');
  const audit = (await readAuditLog(DEFAULT_AUDIT_FILE)).entries;
  const markdown = renderChecklist(toJsonReport(report, { showSecrets: false }), audit, 'markdown');
  writeResult(markdown, file, 'checklist file');
}
