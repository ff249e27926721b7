import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { UsageError } from '../../model/errors.js';
import { plural } from '../../model/plural.js';
import { writeResult } from '../operator-options.js';

interface ChecklistFlags {
  audit?: string;
  posture?: string;
  format: 'markdown' | 'json';
  output?: string;
}

const DEFAULT_AUDIT = 'keysweep-audit.jsonl';

export function registerChecklist(program: Command): Command {
  return program
    .command('checklist')
    .description('write the incident checklist for the keys in a keysweep JSON report')
    .argument('<report>', 'a JSON report from `keysweep scan --format json` (or history, staged, verify)')
    .option(
      '--audit <file>',
      `the revoke audit log to fill in what was done (default: ./${DEFAULT_AUDIT} when present)`,
    )
    .option('--posture <file>', 'add the IAM posture section from `keysweep posture --format json`')
    .addOption(
      new Option('--format <format>', 'output format').choices(['markdown', 'json']).default('markdown'),
    )
    .option('-o, --output <file>', 'write the checklist to a file instead of stdout')
    .addHelpText(
      'after',
      `
The checklist follows AWS's credential-compromise playbook for each key: key id, account, owner,
verification, every place it was found, the exposure window, what keysweep already did, and
ready-to-run commands (CloudTrail lookups in every Region, persistence hunt, rotation, history
purge). It never prints a secret.

Examples:
  keysweep scan --verify --format json -o report.json && keysweep checklist report.json -o INCIDENT.md`,
    )
    .action(async (reportPath: string, flags: ChecklistFlags) => {
      const { readReportFile } = await import('../../respond/report-input.js');
      const { readAuditLog } = await import('../../respond/audit-log.js');
      const { buildChecklist } = await import('../../respond/checklist-model.js');
      const { renderChecklistMarkdown } = await import('../../respond/checklist-markdown.js');
      const report = await readReportFile(reportPath);
      const auditPath = flags.audit ?? DEFAULT_AUDIT;
      if (flags.audit !== undefined && !existsSync(flags.audit)) {
        throw new UsageError(
          `audit log ${flags.audit} does not exist`,
          'pass the file `keysweep revoke --audit` wrote',
        );
      }
      const audit = await readAuditLog(auditPath);
      if (audit.badLines.length) {
        process.stderr.write(
          `keysweep: audit log ${auditPath}: skipped ${plural(audit.badLines.length, 'line')} that are not audit entries (line ${audit.badLines.slice(0, 5).join(', ')})\n`,
        );
      }
      const posture = flags.posture === undefined ? undefined : await readPosture(flags.posture);
      const checklist = buildChecklist(report, audit.entries, { posture });
      writeResult(
        flags.format === 'json'
          ? `${JSON.stringify(checklist, null, 2)}\n`
          : renderChecklistMarkdown(checklist),
        flags.output,
      );
      process.exitCode = 0;
    });
}

async function readPosture(path: string) {
  const { parsePostureAssessment } = await import('../../respond/posture-assessment.js');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new UsageError(
      `posture file ${path} cannot be read as JSON`,
      'pass the output of `keysweep posture --format json`',
    );
  }
  return parsePostureAssessment(json, path);
}
