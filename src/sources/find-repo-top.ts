import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The top of the git work tree holding `from`: the nearest folder upwards with a `.git` entry
 * (a folder, or the file of a worktree or submodule). Found without running git, since plain
 * file scans never start one. Undefined outside a repository.
 */
export function findRepoTop(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (statSync(join(dir, '.git'), { throwIfNoEntry: false })) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
