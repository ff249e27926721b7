import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { GitError } from '../../model/errors.js';
import { runGit } from './git-command.js';

/** Where a pre-commit hook for this repository belongs. */
export interface HookLocation {
  /** The working tree's top folder. */
  topLevel: string;
  /** The folder git runs hooks from (`core.hooksPath` honoured), absolute. */
  hooksDir: string;
  /** The repository uses husky: hooks are scripts in `.husky/`. */
  husky: boolean;
  huskyDir: string;
}

/**
 * Asks git where hooks live: `rev-parse --git-path hooks` resolves `core.hooksPath` (relative
 * ones included) and worktrees. A repository uses husky when it has a `.husky` folder or git
 * runs its hooks from one (husky 9 points core.hooksPath at `.husky/_`).
 */
export async function locateHooks(cwd: string): Promise<HookLocation> {
  const bare = (await runGit(['rev-parse', '--is-bare-repository'], { cwd })).stdout.toString('utf8').trim();
  if (bare === 'true') {
    throw new GitError(
      'install-hook: this is a bare repository: nobody commits here, so there is no pre-commit hook to add',
      'run it in a clone with a working tree',
    );
  }
  const out = (await runGit(['rev-parse', '--show-toplevel', '--git-path', 'hooks'], { cwd })).stdout
    .toString('utf8')
    .split('\n');
  const topLevel = resolve(cwd, out[0] ?? '.');
  const hooksDir = resolve(cwd, out[1] ?? '.git/hooks');
  const huskyDir = join(topLevel, '.husky');
  const husky = existsSync(huskyDir) || hooksDir === huskyDir || hooksDir.startsWith(huskyDir + sep);
  return { topLevel, hooksDir, husky, huskyDir };
}
