import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { addScanOptions, runScan, type ScanCommandOptions } from '../run-scan.js';

interface ScanOptions extends ScanCommandOptions {
  exclude: string[];
  ignore: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerScan(program: Command): Command {
  const cmd = program
    .command('scan')
    .description('scan folder trees and files (default: the current folder), or stdin with "-"')
    .argument('[paths...]', 'files or folders to scan; "-" reads stdin', ['.'])
    .option('--exclude <glob>', 'skip paths matching a glob; repeatable', collect, [])
    .option('--no-ignore', 'do not honour .gitignore files (nor .git/info/exclude)')
    .addHelpText(
      'after',
      `
Examples:
  keysweep scan                      scan the current folder
  keysweep scan src config --format json --output report.json
  git diff | keysweep scan -         scan stdin`,
    );
  addScanOptions(cmd).action(async (paths: string[], opts: ScanOptions) => {
    const stdin = paths.includes('-');
    if (stdin && paths.length > 1)
      throw new UsageError('"-" (stdin) cannot be combined with paths', 'scan stdin or paths, not both');
    process.exitCode = await runScan('scan', paths, opts, async (ctx) => {
      if (stdin) {
        const { scanStdin } = await import('../../sources/stdin-source.js');
        await scanStdin(ctx);
      } else {
        const { scanFileTree } = await import('../../sources/files/scan-file-tree.js');
        await scanFileTree(
          paths,
          { exclude: opts.exclude, noIgnore: !opts.ignore, patternDirs: opts.patterns },
          ctx,
        );
      }
    });
  });
  return cmd;
}
