import { GitError, UsageError } from '../../model/errors.js';
import { runGit } from './git-command.js';
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
    // git reads a missing end as HEAD: `..HEAD` would be HEAD..HEAD, an empty range that passes.
    if (!m?.[1] || !m[3]) {
      throw new UsageError(
        `--range '${req.range}': expected BASE..HEAD with both ends named`,
        'e.g. --range origin/main..HEAD; to scan a branch and all its history use --branch',
      );
    }
    for (const end of [m[1], m[3]]) await requireCommit(meta, end, '--range', shallow);
    scope = { options: [], revisions: [req.range] };
  } else if (req.branch !== undefined) {
    await requireCommit(meta, req.branch, '--branch', shallow);
    scope = { options: [], revisions: [req.branch] };
  }
  if (req.since !== undefined) {
    await requireDate(meta, req.since);
    scope = await sinceScope(meta, scope, req.since);
  }
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
 * rev-list reads any text as a date, garbage as "now" (so nothing is scanned and the run
 * passes). git's stricter expiry-date parser, the one gc.pruneExpire uses, rejects what names
 * no date while taking everything rev-list documents ("3 months ago", ISO dates, "@<epoch>").
 */
async function requireDate(meta: RepoMetadata, since: string): Promise<void> {
  const { code } = await runGit(
    ['-c', `keysweep.since=${since}`, 'config', '--type=expiry-date', 'keysweep.since'],
    {
      cwd: meta.cwd,
      okCodes: [1, 128, 129],
    },
  );
  if (code !== 0) {
    throw new UsageError(
      `--since '${since}': not a date git understands`,
      'e.g. --since 2024-01-31, --since "3 months ago", --since "2 weeks ago"',
    );
  }
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
