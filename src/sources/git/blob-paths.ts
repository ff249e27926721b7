import { spawnGit } from './git-command.js';
import { decodeGitPath } from './git-path.js';
import { type HistoryObjects, IS_COMMIT, type RevScope } from './history-objects.js';
import { splitStream } from './split-stream.js';

/** Blob id → path → ordinal of the first commit (in scope) that put the blob at that path. */
export type BlobPaths = Map<string, Map<string, number>>;

/** Up to this many blobs, git itself filters the walk (`--find-object` once per blob). */
const FIND_OBJECT_MAX = 256;

/**
 * Every path a found blob was committed under. The object listing names each blob once, at
 * one path, so a key copied into a second file (same content, same blob) would be reported at
 * the first only. One `git log --raw` walk, run only when the sweep found something: it
 * compares trees and reads no file contents, and for a few blobs git filters it itself
 * (`--find-object`). Best effort: a failed walk only costs the extra paths.
 */
export async function findBlobPaths(
  cwd: string,
  scope: RevScope,
  blobs: readonly string[],
  objects: HistoryObjects,
  findObjectMax = FIND_OBJECT_MAX,
): Promise<BlobPaths> {
  const found: BlobPaths = new Map();
  try {
    await walk(cwd, scope, blobs, objects, found, blobs.length <= findObjectMax);
  } catch {
    // The paths the listing gave stay; only the extra ones are lost.
  }
  return found;
}

async function walk(
  cwd: string,
  scope: RevScope,
  blobs: readonly string[],
  objects: HistoryObjects,
  found: BlobPaths,
  filtered: boolean,
): Promise<void> {
  const wanted = new Set(blobs);
  const args = [
    'log',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--no-ext-diff',
    '--format=%H',
    ...(filtered ? blobs.map((b) => `--find-object=${b}`) : []),
    ...scope.options,
    '--end-of-options',
    ...scope.revisions,
  ];
  const child = spawnGit(args, cwd);
  child.stdin.end();
  child.stderr.resume();
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  // -z records: `commit` NUL, then per change `\n:oldmode newmode oldoid newoid status` NUL `path` NUL.
  let ordinal: number | undefined;
  let target: string | undefined;
  let inPath = false;
  for await (const field of splitStream(child.stdout as AsyncIterable<Buffer>, 0)) {
    if (inPath) {
      inPath = false;
      if (target === undefined || ordinal === undefined) continue;
      const path = decodeGitPath(field);
      let paths = found.get(target);
      if (!paths) {
        paths = new Map();
        found.set(target, paths);
      }
      const known = paths.get(path);
      if (known === undefined || ordinal < known) paths.set(path, ordinal);
      continue;
    }
    const text = field.toString('latin1');
    const colon = text.indexOf(':');
    if (colon === -1) {
      const slot = objects.table.find(text.trim());
      ordinal = slot >= 0 && objects.table.flags(slot) & IS_COMMIT ? objects.table.a(slot) : undefined;
      continue;
    }
    inPath = true;
    const newOid = text.slice(colon + 1).split(' ')[3];
    target = newOid !== undefined && wanted.has(newOid) ? newOid : undefined;
  }
  await done;
}
