import { readFileSync } from 'node:fs';
import { UsageError } from '../../model/errors.js';
import type { RevScope } from './history-objects.js';
import { requireCommit } from './history-scope.js';
import type { RepoMetadata } from './repo-metadata.js';

/** The commits a CI run should scan, as read from the CI environment. */
export interface CiScope {
  /** undefined when the event introduces nothing (a deleted branch). */
  scope: RevScope | undefined;
  /** For the report and the log, e.g. `github push 1a2b3c..4d5e6f`. */
  description: string;
  /** Why the scope is wider than the event's own range, when it is. */
  note?: string;
}

const ZERO = /^0+$/;

/**
 * Reads what was pushed from the CI environment:
 * - GitHub Actions `push`: `before..after` from the event payload; a new branch (`before` all
 *   zeros) is every commit no other remote branch reaches; `pull_request`: `base..head`.
 * - GitLab CI: a merge request's diff base `..CI_COMMIT_SHA`, else `CI_COMMIT_BEFORE_SHA..
 *   CI_COMMIT_SHA`, with the same rule for new branches and tags.
 * A base missing from a shallow clone is an error that says how to fetch it, never a pass.
 */
export async function resolveCiScope(
  env: NodeJS.ProcessEnv,
  meta: RepoMetadata,
  shallow: boolean,
): Promise<CiScope> {
  if (env['GITHUB_ACTIONS'] === 'true') return githubScope(env, meta, shallow);
  if (env['GITLAB_CI'] === 'true') return gitlabScope(env, meta, shallow);
  throw new UsageError(
    'ci: no supported CI environment found (GITHUB_ACTIONS or GITLAB_CI is not set)',
    'elsewhere, name the commits yourself: keysweep history --range BASE..HEAD',
  );
}

async function githubScope(env: NodeJS.ProcessEnv, meta: RepoMetadata, shallow: boolean): Promise<CiScope> {
  const event = env['GITHUB_EVENT_NAME'] ?? '';
  const payload = readEvent(env['GITHUB_EVENT_PATH']);
  if (event === 'push') {
    if (payload['deleted'] === true) return { scope: undefined, description: 'github push (branch deleted)' };
    const after = str(payload['after']) ?? env['GITHUB_SHA'];
    if (!after) throw new UsageError('ci: the push event names no commit (no "after", no GITHUB_SHA)');
    const before = str(payload['before']);
    return pushScope(meta, shallow, 'github push', before, after, branchOf(env['GITHUB_REF']));
  }
  if (event === 'pull_request' || event === 'pull_request_target') {
    const pr = obj(payload['pull_request']);
    const base = str(obj(pr['base'])['sha']);
    const head = str(obj(pr['head'])['sha']);
    if (!base || !head) throw new UsageError(`ci: the ${event} event has no base.sha or head.sha`);
    await requireCommit(meta, base, 'ci: pull request base', shallow);
    await requireCommit(meta, head, 'ci: pull request head', shallow);
    return {
      scope: { options: [], revisions: [`${base}..${head}`] },
      description: `github ${event} ${short(base)}..${short(head)}`,
    };
  }
  throw new UsageError(
    `ci: the GitHub event '${event || '(none)'}' names no commits to scan`,
    'run keysweep ci on push and pull_request events, or use keysweep history --range BASE..HEAD',
  );
}

async function gitlabScope(env: NodeJS.ProcessEnv, meta: RepoMetadata, shallow: boolean): Promise<CiScope> {
  const head = env['CI_COMMIT_SHA'];
  if (!head) throw new UsageError('ci: GitLab CI without CI_COMMIT_SHA');
  const diffBase = env['CI_MERGE_REQUEST_DIFF_BASE_SHA'];
  if (diffBase) {
    await requireCommit(meta, diffBase, 'ci: merge request diff base', shallow);
    await requireCommit(meta, head, 'ci: CI_COMMIT_SHA', shallow);
    return {
      scope: { options: [], revisions: [`${diffBase}..${head}`] },
      description: `gitlab merge request ${short(diffBase)}..${short(head)}`,
    };
  }
  return pushScope(meta, shallow, 'gitlab push', env['CI_COMMIT_BEFORE_SHA'], head, env['CI_COMMIT_BRANCH']);
}

async function pushScope(
  meta: RepoMetadata,
  shallow: boolean,
  what: string,
  before: string | undefined,
  after: string,
  branch: string | undefined,
): Promise<CiScope> {
  const afterOid = await requireCommit(meta, after, `ci: pushed commit`, shallow);
  if (before && !ZERO.test(before)) {
    if (await meta.resolveCommit(before)) {
      return {
        scope: { options: [], revisions: [`${before}..${after}`] },
        description: `${what} ${short(before)}..${short(after)}`,
      };
    }
    // The commit before the push is not here: a shallow clone lacks it (fetch more history), or
    // a force push replaced it and nothing fetched it (scan what no other branch holds).
    if (shallow) await requireCommit(meta, before, 'ci: commit before the push', shallow);
  }
  const others = await otherRemoteRefs(meta, branch, afterOid);
  const note =
    before && !ZERO.test(before)
      ? `the commit before the push (${short(before)}) is not in this repository; scanning the commits no other remote branch holds`
      : undefined;
  return {
    scope: { options: [], revisions: [after, ...others.map((oid) => `^${oid}`)] },
    description: `${what} ${short(after)} (new branch: commits no other remote branch holds)`,
    ...(note ? { note } : {}),
  };
}

/**
 * Tips of the remote-tracking branches other than the pushed one. Skipped: the pushed branch by
 * name, symrefs (`origin/HEAD` points at the default branch, which on its first push is the
 * pushed commit itself) and any ref already at the pushed commit (a checkout that fetched it):
 * excluding those would exclude everything that was pushed.
 */
async function otherRemoteRefs(
  meta: RepoMetadata,
  branch: string | undefined,
  after: string,
): Promise<string[]> {
  const out = await meta.raw(['for-each-ref', '--format=%(objectname) %(symref) %(refname)', 'refs/remotes']);
  const tips = new Set<string>();
  for (const line of out.split('\n')) {
    const [oid, symref, ref] = line.split(' ');
    if (!oid || !ref || symref || ref.endsWith('/HEAD') || oid === after) continue;
    // refs/remotes/<remote>/<branch>: the branch name is everything after the remote's name.
    const name = ref.split('/').slice(3).join('/');
    if (branch !== undefined && name === branch) continue;
    tips.add(oid);
  }
  return [...tips];
}

function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path)
    throw new UsageError(
      'ci: GITHUB_EVENT_PATH is not set',
      'keysweep ci reads the event payload GitHub Actions provides',
    );
  try {
    return obj(JSON.parse(readFileSync(path, 'utf8')));
  } catch (err) {
    throw new UsageError(`ci: ${path}: cannot read the event payload (${(err as Error).message})`);
  }
}

function branchOf(ref: string | undefined): string | undefined {
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function short(oid: string): string {
  return oid.slice(0, 12);
}
