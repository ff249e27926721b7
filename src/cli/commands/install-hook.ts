import type { Command } from 'commander';

interface InstallHookOptions {
  force: boolean;
}

export function registerInstallHook(program: Command): Command {
  return program
    .command('install-hook')
    .description('run `keysweep staged` before every commit (husky, or the git pre-commit hook)')
    .option(
      '--force',
      'put keysweep before an existing pre-commit hook (kept as pre-commit.keysweep-backup, run after keysweep passes)',
      false,
    )
    .addHelpText(
      'after',
      `
With husky (.husky/ present), the command is added to .husky/pre-commit. Otherwise the hook is
written to git's hooks folder (core.hooksPath honoured). An existing hook is never replaced
without --force; with it, the old hook is kept as pre-commit.keysweep-backup and runs after
keysweep passes (an existing backup is never overwritten). For the pre-commit framework, use the hook id "keysweep" from this package's
.pre-commit-hooks.yaml.`,
    )
    .action(async (opts: InstallHookOptions) => {
      const { locateHooks } = await import('../../sources/git/hook-location.js');
      const { installHook } = await import('../hook-installer.js');
      const outcome = installHook(await locateHooks(process.cwd()), opts);
      const said = {
        created: `created ${outcome.path}`,
        appended: `added keysweep to ${outcome.path}`,
        unchanged: `${outcome.path} already runs keysweep; nothing changed`,
        replaced: `replaced ${outcome.path}; the old hook, now ${outcome.backup}, runs after keysweep passes`,
      }[outcome.action];
      process.stdout.write(`keysweep: ${said}\n`);
    });
}
