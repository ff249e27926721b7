import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { findRepoTop } from '../find-repo-top.js';

/** Ignore rules read from outside a scanned folder; `base` is the folder's path relative to the rules' own folder. */
export interface IgnoresAbove {
  base: string;
  text: string;
}

/**
 * The ignore files git would apply to a folder from above it: `.git/info/exclude` and the
 * `.gitignore` of each folder from the repository top down to the folder's parent, in git's
 * precedence order (weakest first). Empty outside a repository.
 */
export function ignoresAbove(folder: string): IgnoresAbove[] {
  const abs = resolve(folder);
  const top = findRepoTop(abs);
  if (top === undefined) return [];
  const steps = relative(top, abs).split(sep).filter(Boolean);
  const out: IgnoresAbove[] = [];
  const add = (file: string, depth: number) => {
    const text = readOrUndefined(file);
    if (text !== undefined) out.push({ base: steps.slice(depth).join('/'), text });
  };
  add(join(gitDir(top), 'info', 'exclude'), 0);
  for (let depth = 0; depth < steps.length; depth++) {
    add(join(top, ...steps.slice(0, depth), '.gitignore'), depth);
  }
  return out;
}

/**
 * The folder holding `info/exclude`: `.git` itself, or for a linked worktree (a `.git` file
 * saying `gitdir: ...`) the common folder of the main repository.
 */
function gitDir(top: string): string {
  const dotGit = join(top, '.git');
  const link = readOrUndefined(dotGit)?.match(/^gitdir: (.+)$/m)?.[1];
  if (link === undefined) return dotGit;
  const dir = resolve(top, link.trim());
  const common = readOrUndefined(join(dir, 'commondir'));
  return common === undefined ? dir : resolve(dir, common.trim());
}

// A missing or unreadable ignore file ignores nothing, as in git.
function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
