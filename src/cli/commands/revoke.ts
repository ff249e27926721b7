import { type Command, Option } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { RevokeOutcome } from '../../respond/revoke-outcome.js';
import {
  addOperatorOptions,
  type OperatorFlags,
  operatorOptionsFrom,
  writeResult,
} from '../operator-options.js';

interface RevokeFlags extends OperatorFlags {
  keyId: string[];
  report?: string;
  status: 'live' | 'all';
  yes?: boolean;
  quarantine?: boolean;
  delete?: boolean;
  revokeSessions?: string;
  audit: string;
  format: 'text' | 'json';
  output?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerRevoke(program: Command): Command {
  const cmd = program
    .command('revoke')
    .description('deactivate leaked access keys with your own AWS credentials (dry run unless --yes)')
    .option('--key-id <id>', 'access key id to revoke (AKIA... or ASIA...); repeatable', collect, [])
    .option('--report <file>', 'revoke the key ids of a keysweep JSON report')
    .addOption(
      new Option('--status <status>', 'with --report: all key ids, or only those verified live')
        .choices(['live', 'all'])
        .default('all'),
    )
    .option('--yes', 'act: without it nothing is changed and the plan is printed')
    .option('--quarantine', 'also attach AWSCompromisedKeyQuarantineV3 to the key owner')
    .option('--delete', 'also delete the key after deactivating it (cannot be undone)')
    .option(
      '--revoke-sessions <role>',
      'for temporary (ASIA) keys: deny every session of this role issued before now',
    )
    .option('--audit <file>', 'append every action to this JSON lines audit log', 'keysweep-audit.jsonl')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write the result to a file instead of stdout');
  addOperatorOptions(cmd)
    .addHelpText(
      'after',
      `
Safety: a key is only touched when its account (decoded from the id, or sts:GetAccessKeyInfo for
legacy ids) is the operator's account, and never when it is the key the operator signs with.
With --yes every call is appended to the audit log (default ./keysweep-audit.jsonl).

Exit codes for revoke: 0 done or nothing to do, 1 some keys not revoked (refused, needs a human,
not found), 2 usage error, 3 AWS unreachable, credentials rejected or access denied.

Examples:
  keysweep revoke --key-id AKIA...                  dry run: what would happen
  keysweep revoke --report report.json --status live --yes --quarantine
  keysweep revoke --key-id AKIA... --yes --role-arn arn:aws:iam::123456789012:role/IR \\
      --mfa-serial arn:aws:iam::123456789012:mfa/me --mfa-code 123456`,
    )
    .action(async (flags: RevokeFlags) => {
      process.exitCode = await runRevoke(flags);
    });
  return cmd;
}

async function runRevoke(flags: RevokeFlags): Promise<number> {
  if (flags.keyId.length === 0 && flags.report === undefined) {
    throw new UsageError('revoke needs --key-id ID or --report FILE', 'name the access key ids to revoke');
  }
  if (flags.revokeSessions !== undefined && !/^[\w+=,.@-]{1,64}$/.test(flags.revokeSessions)) {
    throw new UsageError(`--revoke-sessions ${JSON.stringify(flags.revokeSessions)} is not an IAM role name`);
  }
  const { validateOperatorOptions } = await import('../../aws/operator.js');
  const operatorOptions = operatorOptionsFrom(flags);
  validateOperatorOptions(operatorOptions);

  const { readReportFile } = await import('../../respond/report-input.js');
  const { collectRevokeTargets } = await import('../../respond/revoke-targets.js');
  const report = flags.report === undefined ? undefined : await readReportFile(flags.report);
  const targets = collectRevokeTargets({ keyIds: flags.keyId, report, status: flags.status });
  if (targets.length === 0) {
    process.stderr.write(
      `keysweep: no access key ids to revoke${flags.status === 'live' ? ' (none verified live in the report)' : ''}\n`,
    );
    return 0;
  }

  // Before any AWS call: a revoke that acts and then cannot say so loses the record of what it did.
  const { checkWritable } = await import('../check-writable.js');
  if (flags.output !== undefined) checkWritable(flags.output, 'output file');
  if (flags.yes === true) checkWritable(flags.audit, 'audit log');

  const { connectOperator } = await import('../../aws/operator.js');
  const { openSessionAudit } = await import('../../respond/session-audit.js');
  const { RevokeInterrupted, revokeKeys } = await import('../../respond/revoke-runner.js');
  const { revokeExitCode } = await import('../../respond/revoke-outcome.js');
  const { renderRevokeJson, renderRevokeText } = await import('../../respond/revoke-render.js');

  const session = await connectOperator(operatorOptions);
  try {
    const apply = flags.yes === true;
    const audit = apply ? await openSessionAudit(flags.audit, session) : undefined;
    const print = (outcomes: readonly RevokeOutcome[]) => {
      const summary = {
        operator: session.identity,
        assumedRoleArn: session.assumedRoleArn,
        apply,
        auditPath: audit?.path,
        outcomes,
      };
      writeResult(
        flags.format === 'json' ? renderRevokeJson(summary) : renderRevokeText(summary),
        flags.output,
      );
    };
    let outcomes: RevokeOutcome[];
    try {
      outcomes = await revokeKeys(targets, session, {
        apply,
        quarantine: flags.quarantine === true,
        delete: flags.delete === true,
        revokeSessionsRole: flags.revokeSessions,
        audit,
      });
    } catch (err) {
      // What was changed before the audit log failed must still reach the operator.
      if (err instanceof RevokeInterrupted) print(err.outcomes);
      throw err;
    }
    print(outcomes);
    return revokeExitCode(outcomes);
  } finally {
    session.close();
  }
}
