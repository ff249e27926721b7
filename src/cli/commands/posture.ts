import { type Command, Option } from 'commander';
import {
  addOperatorOptions,
  type OperatorFlags,
  operatorOptionsFrom,
  writeResult,
} from '../operator-options.js';

interface PostureFlags extends OperatorFlags {
  format: 'text' | 'json' | 'markdown';
  output?: string;
}

export function registerPosture(program: Command): Command {
  const cmd = program
    .command('posture')
    .description('check IAM hygiene from the credential report: root keys, MFA, stale keys, second keys')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'),
    )
    .option('-o, --output <file>', 'write the result to a file instead of stdout');
  return addOperatorOptions(cmd)
    .addHelpText(
      'after',
      `
Needs iam:GenerateCredentialReport and iam:GetCredentialReport. Exit codes for posture: 0 nothing
to fix, 1 something to fix, 2 usage error, 3 AWS unreachable or access denied.`,
    )
    .action(async (flags: PostureFlags) => {
      const { connectOperator } = await import('../../aws/operator.js');
      const { fetchCredentialReport } = await import('../../respond/posture-fetch.js');
      const { parseCredentialReport } = await import('../../respond/credential-report.js');
      const { assessPosture, postureProblemCount } = await import('../../respond/posture-assessment.js');
      const render = await import('../../respond/posture-render.js');
      const session = await connectOperator(operatorOptionsFrom(flags));
      try {
        const report = await fetchCredentialReport(session.aws);
        const assessment = assessPosture(parseCredentialReport(report.csv), new Date(), report.generatedAt);
        const text =
          flags.format === 'json'
            ? render.renderPostureJson(assessment)
            : flags.format === 'markdown'
              ? render.renderPostureMarkdown(assessment, '#')
              : render.renderPostureText(assessment);
        writeResult(text, flags.output);
        process.exitCode = postureProblemCount(assessment) > 0 ? 1 : 0;
      } finally {
        session.close();
      }
    });
}
