import type { AuditEntry } from './audit-log.js';
import { renderChecklistMarkdown } from './checklist-markdown.js';
import { buildChecklist, type ChecklistOptions } from './checklist-model.js';
import { parseReportInput } from './report-input.js';

export type ChecklistFormat = 'markdown' | 'json';

/**
 * The incident checklist for a keysweep JSON report (the parsed object, or the in-memory report)
 * and the revoke audit log. Throws UsageError when `report` is not a keysweep report. Never
 * prints a secret: secret fields in the report are not read at all.
 */
export function renderChecklist(
  report: unknown,
  audit: readonly AuditEntry[],
  format: ChecklistFormat,
  options: ChecklistOptions = {},
): string {
  const checklist = buildChecklist(parseReportInput(report, 'input'), audit, options);
  return format === 'json' ? `${JSON.stringify(checklist, null, 2)}\n` : renderChecklistMarkdown(checklist);
}
