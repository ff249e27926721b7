import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../model/errors.js';
import { CONFIG_FILE_NAME } from './keysweep-config.js';
import { STARTER_CONFIG } from './starter-config.js';

/**
 * Writes the starter config and returns its path. The default place is the repository top
 * (the nearest folder up holding `.git`), else the current folder. Never overwrites: the
 * existing file may hold the team's reviewed allow list.
 */
export function writeStarterConfig(file: string | undefined, cwd = process.cwd()): string {
  const target = file === undefined ? join(repositoryTop(cwd) ?? cwd, CONFIG_FILE_NAME) : resolve(cwd, file);
  try {
    writeFileSync(target, STARTER_CONFIG, { flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new UsageError(
        `${target} already exists; keysweep init never overwrites it`,
        'edit it, or move it away first',
      );
    }
    throw new UsageError(
      `${target}: cannot write it (${code ?? (err as Error).message})`,
      'check the folder and its permissions',
    );
  }
  return target;
}

function repositoryTop(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
