import type { Command } from 'commander';
import { addScanOptions, runScan, type ScanCommandOptions } from '../run-scan.js';

interface CiOptions extends ScanCommandOptions {
  refs: boolean;
}

export function registerCi(program: Command): Command {
  const cmd = program
    .command('ci')
    .description('scan exactly the commits a CI run was started for (GitHub Actions, GitLab CI)')
    .option('--refs', 'name the branches and tags that reach each finding', false)
    .addHelpText(
      'after',
      `
GitHub Actions: push (before..after of the event; a new branch: the commits no other remote
branch holds) and pull_request (base..head). GitLab CI: merge requests (diff base..commit),
pushes (CI_COMMIT_BEFORE_SHA..CI_COMMIT_SHA). Needs the history down to the base: use
fetch-depth: 0 (GitHub) or GIT_DEPTH: 0 (GitLab); a missing base is an error (exit 3).
Reports what the commits introduce: a credential the base already holds (anywhere in its tree)
is not reported again when a commit touches, moves or copies it; a new secret for an old key
id is.
Examples:
  keysweep ci --format sarif --output keysweep.sarif`,
    );
  addScanOptions(cmd).action(async (opts: CiOptions) => {
    const cwd = process.cwd();
    const { RepoMetadata } = await import('../../sources/git/repo-metadata.js');
    const { resolveCiScope } = await import('../../sources/git/ci-scope.js');
    const meta = new RepoMetadata(cwd);
    const info = await meta.inspect();
    const ci = await resolveCiScope(process.env, meta, info.shallow);
    if (!opts.quiet) {
      process.stderr.write(`keysweep ci: ${ci.description}\n`);
      if (ci.note) process.stderr.write(`  note: ${ci.note}\n`);
    }
    process.exitCode = await runScan('ci', [ci.description], opts, async (ctx) => {
      if (!ci.scope) return;
      const { scanHistory } = await import('../../sources/git/history-source.js');
      await scanHistory(ctx, { cwd, scope: ci.scope, refs: opts.refs });
    });
  });
  return cmd;
}
