import { type HistoryObjects, IS_COMMIT, type RevScope } from './history-objects.js';
import { rawChanges } from './raw-changes.js';

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
  let commit = '';
  let ordinal: number | undefined;
  for await (const change of rawChanges(cwd, scope, filtered ? { findObjects: blobs } : {})) {
    if (!wanted.has(change.newOid)) continue;
    if (change.commit !== commit) {
      commit = change.commit;
      const slot = objects.table.find(commit);
      ordinal = slot >= 0 && objects.table.flags(slot) & IS_COMMIT ? objects.table.a(slot) : undefined;
    }
    if (ordinal === undefined) continue;
    let paths = found.get(change.newOid);
    if (!paths) {
      paths = new Map();
      found.set(change.newOid, paths);
    }
    const known = paths.get(change.path);
    if (known === undefined || ordinal < known) paths.set(change.path, ordinal);
  }
}
