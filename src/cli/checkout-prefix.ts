import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { findRepoTop } from '../sources/find-repo-top.js';

/**
 * The path from the repository's top to where a file scan's paths start: the one folder
 * scanned, or the working directory when several roots (or a file) were named. Empty outside a
 * git work tree or when the scan lies outside it. Stdin has no path to prefix.
 */
export function checkoutPrefix(roots: readonly string[], cwd = process.cwd()): string {
  if (roots.includes('-')) return '';
  const only = roots.length === 1 ? resolve(cwd, roots[0]!) : undefined;
  const base = only !== undefined && isDir(only) ? only : resolve(cwd);
  const top = findRepoTop(base);
  if (top === undefined) return '';
  const rel = relative(top, base);
  if (rel === '' || rel.startsWith('..')) return '';
  return `${rel.split(sep).join('/')}/`;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
