import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { plural } from '../../model/plural.js';
import { buildReport, type ScanCommandOptions } from '../run-scan.js';
import { recordExplicitOptions } from '../scan-settings.js';

interface BaselineOptions {
  exclude: string[];
  ignore: boolean;
  patterns: string[];
  canaryAccounts: string[];
  quiet: boolean;
  config?: string | false;
  explicitOptions?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerBaseline(program: Command): Command {
  const cmd = program
    .command('baseline')
    .description('scan, and write every finding to a baseline file (fingerprints and redacted hints only)')
    .argument('<file>', 'the baseline file to write (overwritten)')
    .argument('[paths...]', 'files or folders to scan', ['.'])
    .option('--exclude <glob>', 'skip paths matching a glob; repeatable', collect, [])
    .option('--no-ignore', 'do not honour .gitignore files')
    .option('--patterns <dir>', 'add the rule files (*.yaml) of a folder; repeatable', collect, [])
    .option('--canary-accounts <file>', 'add a YAML list of canary-token accounts; repeatable', collect, [])
    .option(
      '--config <file>',
      'read settings from this file (default: .keysweep.yaml at the repository root)',
    )
    .option('--no-config', 'ignore .keysweep.yaml')
    .option('-q, --quiet', 'no progress spinner', false)
    .addHelpText(
      'after',
      `
A baseline never holds a secret, whatever the flags. Later scans given --baseline FILE (or
baseline: FILE in .keysweep.yaml) report only credentials it does not hold; a moved or
re-indented line keeps its fingerprint. Any keysweep JSON report works as a baseline too, e.g.
  keysweep history --format json --output baseline.json

Examples:
  keysweep baseline .keysweep-baseline.json
  keysweep scan --baseline .keysweep-baseline.json`,
    );
  recordExplicitOptions(cmd);
  cmd.action(async (file: string, paths: string[], opts: BaselineOptions) => {
    if (paths.includes('-'))
      throw new UsageError('keysweep baseline scans files and folders, not stdin', 'name the paths to scan');
    const scanOpts: ScanCommandOptions = {
      format: 'json',
      showSecrets: false,
      quiet: opts.quiet,
      patterns: opts.patterns,
      canaryAccounts: opts.canaryAccounts,
      failOn: 'any',
      verify: false,
      verifyConcurrency: 1,
      verifyTimeout: 1,
      ...(opts.config !== undefined ? { config: opts.config } : {}),
      // An existing baseline (from the config) must not hide findings from the new one.
      explicitOptions: [...(opts.explicitOptions ?? []), 'baseline'],
    };
    const { report } = await buildReport('baseline', paths, scanOpts, async (ctx) => {
      const { scanFileTree } = await import('../../sources/files/scan-file-tree.js');
      await scanFileTree(
        paths,
        { exclude: opts.exclude, noIgnore: !opts.ignore, patternDirs: scanOpts.patterns },
        ctx,
      );
    });
    const { writeFileSync } = await import('node:fs');
    const { renderBaseline } = await import('../../report/baseline.js');
    writeFileSync(file, renderBaseline(report));
    const n = report.findings.length;
    process.stderr.write(`keysweep: wrote ${plural(n, 'fingerprint')} to ${file} (no secrets)\n`);
    const errors = report.issues.filter((i) => i.kind === 'error').length;
    if (errors > 0) {
      process.stderr.write(
        `keysweep: ${plural(errors, 'input')} could not be read; the baseline may be incomplete\n`,
      );
      process.exitCode = 3;
    } else {
      process.exitCode = 0;
    }
  });
  return cmd;
}
