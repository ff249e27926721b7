import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from './keysweep-config.js';

/**
 * Finds `.keysweep.yaml` for a scan, with nothing but a few stat calls (the pre-commit hook
 * must stay instant): in the scan root's folder, then each parent up to the repository top
 * (the folder holding `.git`). Outside a repository only the scan root's folder counts, so a
 * stray file in a parent of /tmp never changes a scan.
 */
export function findConfig(scanRoot: string | undefined, cwd = process.cwd()): string | undefined {
  const start = startFolder(scanRoot, cwd);
  const inStart = join(start, CONFIG_FILE_NAME);
  if (existsSync(join(start, '.git'))) return existsSync(inStart) ? inStart : undefined;
  const candidates = [inStart];
  for (let dir = start; ; ) {
    const parent = dirname(dir);
    if (parent === dir) return existsSync(inStart) ? inStart : undefined;
    dir = parent;
    candidates.push(join(dir, CONFIG_FILE_NAME));
    if (existsSync(join(dir, '.git'))) return candidates.find((c) => existsSync(c));
  }
}

/** The folder a scan starts from: the root itself, a file's folder, or cwd for stdin. */
function startFolder(scanRoot: string | undefined, cwd: string): string {
  if (scanRoot === undefined || scanRoot === '-') return resolve(cwd);
  const abs = resolve(cwd, scanRoot);
  try {
    return statSync(abs).isDirectory() ? abs : dirname(abs);
  } catch {
    return resolve(cwd);
  }
}
