import { writeFileSync } from 'node:fs';
import type { Report } from '../model/report.js';
import { toJsonReport } from '../report/json-report.js';

/** `--checklist FILE` on a scan: the incident checklist for this report, beside it. */
export async function writeChecklist(report: Report, file: string): Promise<void> {
  const { renderChecklist } = await import('../respond/checklist.js');
  writeFileSync(file, renderChecklist(toJsonReport(report, { showSecrets: false }), [], 'markdown'));
}
