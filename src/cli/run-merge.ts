import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from '../model/errors.js';
import { SEVERITY_ORDER, type Severity } from '../model/finding.js';
import { mergeReports, ReportShapeError, type ReportSource } from '../report/merge-reports.js';
import { VERSION } from '../version.js';

export interface MergeRunOptions {
  output?: string;
  checklist?: string;
  failOn: 'any' | 'live' | 'low' | 'medium' | 'high' | 'critical';
}

export async function runMerge(files: readonly string[], opts: MergeRunOptions): Promise<number> {
  const labels = new Map<string, string>();
  const sources: ReportSource[] = files.map((file) => {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new UsageError(
        `${file}: cannot read it as a JSON report (${why})`,
        'pass reports written with --format json',
      );
    }
    const label = basename(file).replace(/\.json$/i, '');
    const earlier = labels.get(label);
    if (earlier)
      throw new UsageError(
        `${file} and ${earlier} have the same name`,
        'each report names its repository by its file name',
      );
    labels.set(label, file);
    return { label, doc, file };
  });
  let merged: Record<string, unknown>;
  try {
    merged = mergeReports(sources, VERSION);
  } catch (err) {
    if (err instanceof ReportShapeError) throw new UsageError(err.message);
    throw err;
  }
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  if (opts.output) writeFileSync(opts.output, text);
  else process.stdout.write(text);
  if (opts.checklist) {
    const { renderChecklist } = await import('../respond/checklist.js');
    const { DEFAULT_AUDIT_FILE, readAuditLog } = await import('../respond/audit-log.js');
    const audit = (await readAuditLog(DEFAULT_AUDIT_FILE)).entries;
    writeFileSync(opts.checklist, renderChecklist(merged, audit, 'markdown'));
  }
  const findings = merged['findings'] as { severity?: string; verification?: { status?: string } }[];
  const fails = findings.some((f) =>
    opts.failOn === 'any'
      ? true
      : opts.failOn === 'live'
        ? f.verification?.status === 'live'
        : SEVERITY_ORDER.indexOf(f.severity as Severity) >= SEVERITY_ORDER.indexOf(opts.failOn as Severity),
  );
  if (fails) return 1;
  return (merged['issues'] as { kind?: string }[]).some((i) => i.kind === 'error') ? 3 : 0;
}
