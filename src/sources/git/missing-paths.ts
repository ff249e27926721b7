import type { RevScope } from './history-objects.js';
import { rawChanges } from './raw-changes.js';

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
  try {
    for await (const change of rawChanges(cwd, scope, { trees: true })) {
      if (!missing.has(change.newOid) || found.has(change.newOid)) continue;
      found.set(change.newOid, change.path);
      if (found.size === missing.size) break;
    }
  } catch {
    // Only the paths are lost.
  }
  return found;
}
