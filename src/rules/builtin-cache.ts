import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSpec } from './rule.js';

/**
 * The built-in rules and canary accounts, validated at build time and stored as JSON beside the
 * compiled code, so a run reads one small JSON file instead of loading a YAML parser. The
 * cache records each source file's name and a hash of its content: if someone edits patterns/
 * without rebuilding, the stamp differs and the YAML is read instead. Never stale, only slower.
 * Content, not mtimes: a copy, a package tarball or a fresh checkout keeps the cache valid.
 */
export const BUILTIN_CACHE_FILE = fileURLToPath(new URL('../builtin-patterns.json', import.meta.url));

export interface BuiltinCache {
  stamp: string;
  specs: RuleSpec[];
  canaries: string[];
}

/** Name and content hash of every YAML file in the given folders, in a fixed order. */
export function sourceStamp(dirs: readonly string[]): string {
  const parts: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const hash = createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex');
      parts.push(`${name}:${hash.slice(0, 16)}`);
    }
  }
  return parts.join('|');
}

export function readBuiltinCache(stamp: string): BuiltinCache | undefined {
  try {
    const cache = JSON.parse(readFileSync(BUILTIN_CACHE_FILE, 'utf8')) as BuiltinCache;
    return cache.stamp === stamp ? cache : undefined;
  } catch {
    return undefined;
  }
}

export function writeBuiltinCache(cache: BuiltinCache): void {
  writeFileSync(BUILTIN_CACHE_FILE, `${JSON.stringify(cache)}\n`);
}
