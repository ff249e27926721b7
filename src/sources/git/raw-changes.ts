import { spawnGit } from './git-command.js';
import { decodeGitPath } from './git-path.js';
import type { RevScope } from './history-objects.js';
import { splitStream } from './split-stream.js';

/** One path a commit set to an object, from `git log --raw`. */
export interface RawChange {
  commit: string;
  /** The object the path holds after the commit (all zeros when it was deleted). */
  newOid: string;
  path: string;
}

export interface RawChangeOptions {
  /** Also list the trees a commit changes (`-t`), not just the files. */
  trees?: boolean;
  /** Only commits that add or remove one of these objects (`--find-object`, done by git). */
  findObjects?: readonly string[];
}

/**
 * Every change of every commit in scope, streamed from one `git log --raw` walk: it compares
 * trees and reads no file contents. Stopping the loop early stops git.
 */
export async function* rawChanges(
  cwd: string,
  scope: RevScope,
  opts: RawChangeOptions = {},
): AsyncGenerator<RawChange> {
  const args = [
    'log',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--no-ext-diff',
    '--format=%H',
    ...(opts.trees ? ['-t'] : []),
    ...(opts.findObjects ?? []).map((oid) => `--find-object=${oid}`),
    ...scope.options,
    '--end-of-options',
    ...scope.revisions,
  ];
  const child = spawnGit(args, cwd);
  child.stdin.end();
  child.stderr.resume();
  // Both listened for before reading, so neither event can pass unheard.
  const closed = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  closed.catch(() => {});
  try {
    // -z records: `commit` NUL, then per change `\n:oldmode newmode oldoid newoid status` NUL `path` NUL.
    let commit = '';
    let newOid: string | undefined;
    for await (const field of splitStream(child.stdout as AsyncIterable<Buffer>, 0)) {
      if (newOid !== undefined) {
        yield { commit, newOid, path: decodeGitPath(field) };
        newOid = undefined;
        continue;
      }
      const text = field.toString('latin1');
      const colon = text.indexOf(':');
      if (colon === -1) commit = text.trim();
      else newOid = text.slice(colon + 1).split(' ')[3] ?? '';
    }
    await closed;
  } finally {
    child.kill();
  }
}
