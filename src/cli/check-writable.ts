import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../model/errors.js';

/**
 * Fails fast (exit 2) when a file a command will write cannot be written: a missing folder, a
 * folder in place of the file, no permission. Checked before scanning or touching AWS, so a typo
 * in `-o` never costs a long scan, nor hides what a revoke already changed. Nothing is created.
 */
export function checkWritable(path: string, what: string): void {
  const problem = writeProblem(path);
  if (problem) throw cannotWrite(path, what, problem);
}

export function cannotWrite(path: string, what: string, code: string): UsageError {
  return new UsageError(
    `${what} ${path} cannot be written (${code})`,
    code === 'EISDIR' ? 'name a file, not a folder' : 'check the folder exists and is writable',
  );
}

function writeProblem(path: string): string | undefined {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return 'EISDIR';
    if (stat) {
      accessSync(path, constants.W_OK);
      return undefined;
    }
    const folder = dirname(resolve(path));
    if (!statSync(folder).isDirectory()) return 'ENOTDIR';
    accessSync(folder, constants.W_OK);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'error';
  }
}
