import type { Command } from 'commander';
import { addScanOptions, runScan, type ScanCommandOptions } from '../run-scan.js';

interface StagedOptions extends ScanCommandOptions {
  all: boolean;
}

/** Printed on stderr when the hook blocks a commit: what to do next, in the order to do it. */
export const BLOCKED_HINT = `keysweep: commit blocked: the staged changes add the credentials listed above.
  1. remove each from its file and stage the file again; read keys from the environment or a secrets manager
  2. if a key was ever pushed, shared or copied elsewhere, rotate it: deleting it is not enough (keysweep revoke)
  3. not a secret? add a comment with keysweep:allow on that line
`;

export function registerStaged(program: Command): Command {
  const cmd = program
    .command('staged')
    .description(
      'scan what the next commit adds: the lines staged files add against HEAD (the pre-commit hook)',
    )
    .option(
      '--all',
      'scan whole staged files and report every credential in them, also those HEAD already holds',
      false,
    )
    .addHelpText(
      'after',
      `
Runs as a pre-commit hook (see keysweep install-hook). Exit 1 blocks the commit.
Without --all, a credential HEAD already holds is not reported when the commit only moves it
(to another file, re-indented, or in a staged file over 4 MB, which is scanned whole).
Examples:
  keysweep staged                    lines the commit adds
  keysweep staged --all              whole staged files`,
    );
  addScanOptions(cmd).action(async (opts: StagedOptions) => {
    const cwd = process.cwd();
    const code = await runScan('staged', ['.'], opts, async (ctx) => {
      const { scanStaged } = await import('../../sources/git/staged-source.js');
      await scanStaged(ctx, { cwd, all: opts.all });
    });
    if (code === 1) process.stderr.write(BLOCKED_HINT);
    process.exitCode = code;
  });
  return cmd;
}
