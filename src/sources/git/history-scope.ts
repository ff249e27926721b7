import { GitError, UsageError } from '../../model/errors.js';
import type { RevScope } from './history-objects.js';
import type { RepoMetadata } from './repo-metadata.js';

export interface HistoryScopeRequest {
  /** `BASE..HEAD` (or `BASE...HEAD`): what these commits introduce. */
  range?: string;
  /** One branch, tag or commit and its ancestors, instead of all refs. */
  branch?: string;
  /** Only commits made since this date (any date git understands). */
  since?: string;
}

export const SHALLOW_HINT =
  'this is a shallow clone: fetch enough history to reach it (`git fetch --unshallow`, or `git fetch --deepen=N`); in GitHub Actions set `fetch-depth: 0` on actions/checkout, in GitLab CI set `GIT_DEPTH: 0`';

/**
 * Turns the history command's flags into rev-list terms, checking every named revision first so
 * a typo or a commit missing from a shallow clone gets a clear error rather than git's.
 */
export async function resolveHistoryScope(
  meta: RepoMetadata,
  req: HistoryScopeRequest,
  shallow: boolean,
): Promise<RevScope> {
  if (req.range !== undefined && req.branch !== undefined) {
    throw new UsageError(
      '--range and --branch cannot be combined',
      'a range already names the commits to scan',
    );
  }
  let scope: RevScope = { options: ['--all'], revisions: [] };
  if (req.range !== undefined) {
    const m = /^(.*?)(\.\.\.?)(.*)$/.exec(req.range);
    if (!m || (!m[1] && !m[3])) {
      throw new UsageError(`--range '${req.range}': expected BASE..HEAD`, 'e.g. --range origin/main..HEAD');
    }
    for (const end of [m[1], m[3]]) if (end) await requireCommit(meta, end, '--range', shallow);
    scope = { options: [], revisions: [req.range] };
  } else if (req.branch !== undefined) {
    await requireCommit(meta, req.branch, '--branch', shallow);
    scope = { options: [], revisions: [req.branch] };
  }
  if (req.since !== undefined) scope = await sinceScope(meta, scope, req.since);
  return scope;
}

/** Fails with the right error when a revision names no commit here. */
export async function requireCommit(
  meta: RepoMetadata,
  rev: string,
  flag: string,
  shallow: boolean,
): Promise<string> {
  if (rev.startsWith('-')) throw new UsageError(`${flag} '${rev}': a revision cannot start with '-'`);
  const oid = await meta.resolveCommit(rev);
  if (oid) return oid;
  if (shallow) {
    throw new GitError(`${flag} '${rev}': no such commit in this repository`, SHALLOW_HINT);
  }
  throw new GitError(
    `${flag} '${rev}': no such branch, tag or commit`,
    'check the name (`git branch -a`, `git tag`); a remote branch is written origin/NAME',
  );
}

/**
 * `--since` alone would list the whole tree of the oldest commit after the date as new. The
 * parents of those oldest commits (older than the date) are excluded instead, so the sweep
 * holds exactly what commits since the date introduce.
 */
async function sinceScope(meta: RepoMetadata, scope: RevScope, since: string): Promise<RevScope> {
  const options = [...scope.options, `--since=${since}`];
  const out = await meta.raw(['rev-list', '--parents', ...options, '--end-of-options', ...scope.revisions]);
  const listed = new Set<string>();
  const parents = new Set<string>();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [commit = '', ...ps] = line.split(' ');
    listed.add(commit);
    for (const p of ps) parents.add(p);
  }
  const boundary = [...parents].filter((p) => !listed.has(p));
  return { options, revisions: [...scope.revisions, ...boundary.map((p) => `^${p}`)] };
}
