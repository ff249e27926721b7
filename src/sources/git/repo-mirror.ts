import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GitError } from '../../model/errors.js';
import { runGit } from './git-command.js';
import { credentialEnv, redactUrl, withoutCredentials } from './url-credentials.js';

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
 *
 * The mirror's config holds the URL without credentials: mirrors are cached between CI runs
 * (docs/sweep.md), and a token in the list must not end up in the cache. Git gets the
 * credentials for each run from the environment only (see credentialEnv).
 */
export async function ensureMirror(spec: string, slug: string, workdir: string): Promise<MirrorResult> {
  const local = resolve(spec);
  if (existsSync(local) && statSync(local).isDirectory()) return { dir: local, action: 'local' };
  const dir = join(resolve(workdir), `${slug}.git`);
  const clean = withoutCredentials(spec);
  const env = credentialEnv(spec, clean);
  const fail = (err: unknown) => {
    throw wrap(spec, err);
  };
  if (existsSync(dir)) {
    // Mirrors cloned by older versions stored the URL as given, token and all: rewrite it.
    await runGit(['config', 'remote.origin.url', clean], { cwd: dir }).catch(fail);
    await runGit(['fetch', '--prune', '--quiet', '--no-write-fetch-head', 'origin', '+refs/*:refs/*'], {
      cwd: dir,
      env,
    }).catch(fail);
    return { dir, action: 'updated' };
  }
  mkdirSync(resolve(workdir), { recursive: true });
  // `--` keeps a spec that starts with a dash from being read as an option.
  await runGit(['clone', '--mirror', '--quiet', '--', clean, dir], { cwd: resolve(workdir), env }).catch(
    fail,
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
