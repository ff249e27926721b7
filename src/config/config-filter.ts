import { isAbsolute, relative, resolve } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Finding, Occurrence } from '../model/finding.js';
import type { KeysweepConfig } from './keysweep-config.js';

export interface ConfigFilterResult {
  kept: Finding[];
  /** Findings whose every place matched `exclude`. */
  excluded: number;
  /** Findings named under `allow`. */
  allowed: number;
}

export interface ScanRootsInfo {
  /** The roots as given on the command line. */
  roots: readonly string[];
  /** Whether the only root is a folder (reported paths are then relative to it). */
  singleDirRoot: boolean;
  cwd: string;
}

/**
 * Applies the config's `allow` and `exclude` to the findings of a scan. Exclude globs are
 * relative to the config file's folder, while reported paths are relative to the scan root (or
 * to the repository for git sources), so each path is first rebased onto the config's folder.
 */
export function applyConfigFilters(
  findings: readonly Finding[],
  config: KeysweepConfig,
  where: ScanRootsInfo,
): ConfigFilterResult {
  const fingerprints = new Set(config.allow.flatMap((a) => (a.fingerprint ? [a.fingerprint] : [])));
  const keyIds = new Set(config.allow.flatMap((a) => (a.keyId ? [a.keyId] : [])));
  const excludes = config.exclude.length > 0 ? ignore().add(config.exclude) : undefined;
  const kept: Finding[] = [];
  let excluded = 0;
  let allowed = 0;
  for (const f of findings) {
    if (fingerprints.has(f.fingerprint) || (f.keyId !== undefined && keyIds.has(f.keyId))) {
      allowed++;
      continue;
    }
    if (excludes) {
      const places = f.occurrences.filter((o) => !isExcluded(o, excludes, config.dir, where));
      if (places.length === 0) {
        excluded++;
        continue;
      }
      if (places.length < f.occurrences.length) f.occurrences = places;
    }
    kept.push(f);
  }
  return { kept, excluded, allowed };
}

function isExcluded(o: Occurrence, excludes: Ignore, configDir: string, where: ScanRootsInfo): boolean {
  const loc = o.location;
  if (loc.kind === 'stdin') return false;
  let abs: string;
  if (loc.kind === 'file') {
    const root = where.singleDirRoot ? (where.roots[0] ?? '.') : '.';
    abs = resolve(where.cwd, root, loc.path);
  } else {
    // Staged and history paths are relative to the repository, whose top holds the config.
    abs = resolve(configDir, loc.path);
  }
  const rel = relative(configDir, abs).split('\\').join('/');
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || !ignore.isPathValid(rel)) return false;
  return excludes.ignores(rel);
}
