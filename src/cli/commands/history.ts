import type { Command } from 'commander';
import { addScanOptions, runScan, type ScanCommandOptions } from '../run-scan.js';

interface HistoryOptions extends ScanCommandOptions {
  range?: string;
  branch?: string;
  since?: string;
  refs: boolean;
}

export function registerHistory(program: Command): Command {
  const cmd = program
    .command('history')
    .description('scan git history: every blob, commit message and tag message of all refs, each once')
    .option('--range <base..head>', 'only what these commits introduce, merges included (CI push ranges)')
    .option('--branch <ref>', 'one branch, tag or commit and its history instead of all refs')
    .option('--since <date>', 'only what commits since this date introduce (any date git understands)')
    .option('--refs', 'name the branches and tags that reach each finding', false)
    .addHelpText(
      'after',
      `
Each finding names the commit, author, date and path where it first appeared, and whether it
is still in the tree at HEAD. Run inside the repository (bare repositories work too).
--range and --since report what their commits introduce: a credential already in the commits
just before them (the base) is not reported again when a commit touches, moves or copies it;
a new secret for an old key id is.
Examples:
  keysweep history                              all branches and tags
  keysweep history --range origin/main..HEAD    what a branch adds
  keysweep history --since "3 months ago" --refs`,
    );
  addScanOptions(cmd).action(async (opts: HistoryOptions) => {
    const cwd = process.cwd();
    const roots = [opts.range ?? opts.branch ?? '--all'];
    process.exitCode = await runScan('history', roots, opts, async (ctx) => {
      const { RepoMetadata } = await import('../../sources/git/repo-metadata.js');
      const { resolveHistoryScope } = await import('../../sources/git/history-scope.js');
      const { scanHistory } = await import('../../sources/git/history-source.js');
      const meta = new RepoMetadata(cwd);
      const info = await meta.inspect();
      const scope = await resolveHistoryScope(
        meta,
        {
          ...(opts.range !== undefined ? { range: opts.range } : {}),
          ...(opts.branch !== undefined ? { branch: opts.branch } : {}),
          ...(opts.since !== undefined ? { since: opts.since } : {}),
        },
        info.shallow,
      );
      if (!info.head && !opts.quiet && !(await meta.raw(['for-each-ref', '--count=1', 'refs'])).trim()) {
        process.stderr.write('keysweep history: the repository has no commits yet: nothing to scan\n');
      }
      await scanHistory(ctx, { cwd, scope, refs: opts.refs });
    });
  });
  return cmd;
}
