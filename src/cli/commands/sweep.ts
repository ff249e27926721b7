import { type Command, Option } from 'commander';
import type { SweepRunOptions } from '../run-sweep.js';
import { recordExplicitOptions } from '../scan-settings.js';
import { addVerifyOptions } from '../verify-options.js';

type SweepOptions = SweepRunOptions;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSweep(program: Command): Command {
  const cmd = program
    .command('sweep')
    .description('sweep the whole history of many repositories: one JSON report per repository')
    .requiredOption('--repos <file>', 'the repositories: one local path or git URL a line (# comments)')
    .option('--shard <i/n>', 'only the i-th of n even shares of the list (for parallel jobs)', '1/1')
    .option('--out <dir>', 'where to write the reports (<repo>.json)', 'keysweep-reports')
    .option(
      '--workdir <dir>',
      'where to keep bare mirrors of URLs (fetched again on the next sweep)',
      '.keysweep-mirrors',
    )
    .option('--refs', 'name the branches and tags that reach each finding', false)
    .option('--patterns <dir>', 'add the rule files (*.yaml) of a folder; repeatable', collect, [])
    .option('--canary-accounts <file>', 'add a YAML list of canary-token accounts; repeatable', collect, [])
    .option(
      '--config <file>',
      "settings for every repository (default: a local repository's own .keysweep.yaml)",
    )
    .option('--no-config', 'ignore .keysweep.yaml files');
  addVerifyOptions(cmd)
    .addOption(
      new Option('--fail-on <level>', 'exit 1 only for findings at or above: any, live, or a severity')
        .choices(['any', 'live', 'low', 'medium', 'high', 'critical'])
        .default('any'),
    )
    .option('-q, --quiet', 'no progress lines', false)
    .addHelpText(
      'after',
      `
Local repositories are scanned where they are. URLs are cloned once as bare mirrors under
--workdir and fetched on later sweeps. A repository that cannot be cloned or scanned is
reported, gets a failure report (merge lists it under issues), and the sweep goes on.
Exit codes: 1 findings at or above --fail-on, else 3 if a repository failed, else 0.
Combine the reports, deduplicating credentials across repositories:
  keysweep merge keysweep-reports/*.json --output all.json --checklist incident.md
Examples:
  keysweep sweep --repos repos.txt
  keysweep sweep --repos repos.txt --shard 3/8 --out reports    # job 3 of 8`,
    )
    .action(async (opts: SweepOptions) => {
      const { runSweep } = await import('../run-sweep.js');
      process.exitCode = await runSweep(opts);
    });
  recordExplicitOptions(cmd);
  return cmd;
}
