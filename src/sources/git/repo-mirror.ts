import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GitError } from '../../model/errors.js';
import { runGit } from './git-command.js';

/** `https://user:token@host/x` -> `https://user:***@host/x`: a token in a URL is a secret. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/[^/@:\s]*):[^/@\s]*@/g, '$1:***@');
}

export interface MirrorResult {
  /** Where to scan: the local repository itself, or the mirror. */
  dir: string;
  action: 'local' | 'cloned' | 'updated';
}

/**
 * Makes a repository of the sweep list available for a history scan. A local repository is
 * scanned where it is (nothing fetched, nothing changed). Anything else is treated as a URL and
 * kept as a bare mirror under `workdir`: cloned the first time, fetched (all refs, pruned) on
 * later sweeps, so a sweep that runs every night moves only what changed.
 */
export async function ensureMirror(spec: string, slug: string, workdir: string): Promise<MirrorResult> {
  const local = resolve(spec);
  if (existsSync(local) && statSync(local).isDirectory()) return { dir: local, action: 'local' };
  const dir = join(resolve(workdir), `${slug}.git`);
  if (existsSync(dir)) {
    await runGit(['fetch', '--prune', '--quiet', 'origin', '+refs/*:refs/*'], { cwd: dir }).catch(
      (err: unknown) => {
        throw wrap(spec, err);
      },
    );
    return { dir, action: 'updated' };
  }
  mkdirSync(resolve(workdir), { recursive: true });
  // `--` keeps a spec that starts with a dash from being read as an option.
  await runGit(['clone', '--mirror', '--quiet', '--', spec, dir], { cwd: resolve(workdir) }).catch(
    (err: unknown) => {
      throw wrap(spec, err);
    },
  );
  return { dir, action: 'cloned' };
}

function wrap(spec: string, err: unknown): GitError {
  const shown = redactUrl(spec);
  // git's message may repeat the URL, password and all.
  const detail = (err instanceof Error ? err.message : String(err)).split(spec).join(shown);
  return new GitError(
    `${shown}: cannot clone or update it (${redactUrl(detail.split('\n')[0] ?? '')})`,
    'check the URL and that this machine can read it (credentials come from git: ssh keys, credential helpers)',
    err,
  );
}
