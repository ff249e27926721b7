import { type Command, Option } from 'commander';

interface MergeOptions {
  output?: string;
  checklist?: string;
  failOn: 'any' | 'live' | 'low' | 'medium' | 'high' | 'critical';
}

export function registerMerge(program: Command): Command {
  return program
    .command('merge')
    .description('combine JSON reports (e.g. from keysweep sweep) into one, one finding per credential')
    .argument('<reports...>', 'keysweep JSON reports')
    .option('-o, --output <file>', 'write the merged JSON report to a file instead of stdout')
    .option('--checklist <file>', 'also write one incident checklist (markdown) for every credential')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 only for findings at or above: any, live, or a severity')
        .choices(['any', 'live', 'low', 'medium', 'high', 'critical'])
        .default('any'),
    )
    .addHelpText(
      'after',
      `
Each occurrence names its repository (the report's file name). A credential found in several
repositories is one finding. Raw secrets in the inputs (--show-secrets) are not carried over.
Example:
  keysweep merge reports/*.json --output all.json --checklist incident.md`,
    )
    .action(async (files: string[], opts: MergeOptions) => {
      const { runMerge } = await import('../run-merge.js');
      process.exitCode = await runMerge(files, opts);
    });
}
