import { spawnGit } from './git-command.js';
import { decodeGitPath } from './git-path.js';
import type { RevScope } from './history-objects.js';
import { splitStream } from './split-stream.js';

/**
 * Where missing objects sat: rev-list prints a missing object's id only, so the commits' raw
 * diffs (trees only, no blob is read) are walked once for the paths that held those ids. Runs
 * only when objects are missing; a path it cannot find leaves the id alone. Best effort: a
 * failure of this walk only costs the paths.
 */
export async function findMissingPaths(
  cwd: string,
  scope: RevScope,
  missing: ReadonlySet<string>,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const args = [
    'log',
    '--raw',
    '-t',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--no-ext-diff',
    '--format=',
    ...scope.options,
    '--end-of-options',
    ...scope.revisions,
  ];
  const child = spawnGit(args, cwd);
  child.stdin.end();
  child.stderr.resume();
  child.on('error', () => {});
  // -z raw records: `:oldmode newmode oldoid newoid status` NUL `path` NUL.
  let inPath = false;
  let target: string | undefined;
  for await (const field of splitStream(child.stdout as AsyncIterable<Buffer>, 0)) {
    if (inPath) {
      inPath = false;
      if (target !== undefined && !found.has(target)) found.set(target, decodeGitPath(field));
      if (found.size === missing.size) break;
      continue;
    }
    const header = field.toString('latin1');
    const colon = header.indexOf(':');
    if (colon === -1) continue;
    inPath = true;
    const newOid = header.slice(colon + 1).split(' ')[3];
    target = newOid !== undefined && missing.has(newOid) ? newOid : undefined;
  }
  child.kill();
  return found;
}
