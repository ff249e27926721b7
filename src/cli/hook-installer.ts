import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../model/errors.js';
import type { HookLocation } from '../sources/git/hook-location.js';

export interface InstallOutcome {
  path: string;
  action: 'created' | 'appended' | 'unchanged' | 'replaced';
  /** Where the replaced hook was kept (with --force). */
  backup?: string;
}

/** The line husky hooks get: husky runs `.husky/pre-commit` with sh, node_modules/.bin on PATH. */
export const HUSKY_LINE = 'npx --no-install keysweep staged';

/**
 * A standalone hook: the project's own keysweep first, then one on PATH, then npx. A hook it
 * replaced (--force) is kept beside it as `pre-commit.keysweep-backup` and runs after keysweep
 * passes, with the same arguments, so forcing the install never switches the old checks off.
 */
export const HOOK_SCRIPT = `#!/bin/sh
# keysweep: blocks commits that add AWS credentials (added by \`keysweep install-hook\`).
# A false positive: put keysweep:allow in a comment on that line.
if [ -x node_modules/.bin/keysweep ]; then
  node_modules/.bin/keysweep staged || exit $?
elif command -v keysweep >/dev/null 2>&1; then
  keysweep staged || exit $?
else
  npx --no-install keysweep staged || exit $?
fi
# The pre-commit hook this one replaced, if any, runs next.
backup="$(dirname "$0")/pre-commit.keysweep-backup"
if [ -x "$backup" ]; then
  exec "$backup" "$@"
fi
`;

/**
 * Adds keysweep to the pre-commit hook. With husky, the line goes into `.husky/pre-commit`
 * (created, or appended to: husky hooks are lists of commands). Otherwise the hook file is
 * written in git's hooks folder, but an existing hook is never replaced unless `force`, and then
 * it is kept beside as a backup that our hook runs after keysweep (an existing backup is never
 * overwritten). A hook that already runs keysweep is left alone.
 */
export function installHook(loc: HookLocation, opts: { force: boolean }): InstallOutcome {
  if (loc.husky) {
    const path = join(loc.huskyDir, 'pre-commit');
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text.includes('keysweep')) return { path, action: 'unchanged' };
      writeFileSync(path, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${HUSKY_LINE}\n`);
      return { path, action: 'appended' };
    }
    mkdirSync(loc.huskyDir, { recursive: true });
    writeFileSync(path, `${HUSKY_LINE}\n`, { mode: 0o755 });
    return { path, action: 'created' };
  }
  const path = join(loc.hooksDir, 'pre-commit');
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    if (text.includes('keysweep')) return { path, action: 'unchanged' };
    if (!opts.force) {
      throw new UsageError(
        `install-hook: ${path} already exists and does not run keysweep; it was left as it is`,
        'add `keysweep staged` to that hook yourself, or pass --force to put keysweep first (the old hook is kept as pre-commit.keysweep-backup and runs after keysweep passes)',
      );
    }
    const backup = `${path}.keysweep-backup`;
    if (existsSync(backup)) {
      throw new UsageError(
        `install-hook: ${backup} already exists; the hook was left as it is so no backup is overwritten`,
        `move ${backup} away (or merge it into ${path}), then run keysweep install-hook --force again`,
      );
    }
    renameSync(path, backup);
    writeHook(path);
    return { path, action: 'replaced', backup };
  }
  mkdirSync(loc.hooksDir, { recursive: true });
  writeHook(path);
  return { path, action: 'created' };
}

function writeHook(path: string): void {
  writeFileSync(path, HOOK_SCRIPT, { mode: 0o755 });
  // The mode above only applies to new files and is filtered by the umask; hooks must run.
  chmodSync(path, 0o755);
}
