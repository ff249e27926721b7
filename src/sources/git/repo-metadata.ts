import { statSync } from 'node:fs';
import { type SimpleGit, type SimpleGitOptions, simpleGit } from 'simple-git';
import { GitError } from '../../model/errors.js';
import type { CommitInfo } from '../../model/location.js';
import { gitEnv, gitFailure } from './git-command.js';

/** What a sweep needs to know about a repository before it starts. */
export interface RepoInfo {
  bare: boolean;
  shallow: boolean;
  /** 40 (SHA-1) or 64 (SHA-256). */
  oidLength: number;
  /** The commit HEAD points at; undefined on an unborn branch. */
  head?: string;
}

/**
 * simple-git guards against untrusted input becoming git options, and by default drops or
 * refuses the user's own GIT_* environment. keysweep passes only fixed options (revisions from
 * users follow `--end-of-options`), so nothing is there to guard; what the guards would block is
 * GIT_DIR, GIT_INDEX_FILE, GIT_CONFIG_GLOBAL, GIT_SSH_COMMAND or `git -c` settings, which git
 * must honour exactly as when the user runs it.
 */
const TRUSTED_CALLER: SimpleGitOptions['unsafe'] = {
  allowUnsafeAlias: true,
  allowUnsafeAskPass: true,
  allowUnsafeCommandBinaries: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeDiffTextConv: true,
  allowUnsafeEditor: true,
  allowUnsafeExec: true,
  allowUnsafeFilter: true,
  allowUnsafeFsMonitor: true,
  allowUnsafeGitProxy: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeHooksPath: true,
  allowUnsafeInclude: true,
  allowUnsafeMergeDriver: true,
  allowUnsafePager: true,
  allowUnsafeSshCommand: true,
  allowUnsafeSubmodule: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeUrlRewrite: true,
};

/**
 * Git metadata through simple-git: small answers only (a few lines each). Object contents and
 * long listings are streamed by our own child processes instead, which simple-git would buffer.
 */
export class RepoMetadata {
  readonly #git: SimpleGit;
  readonly #cwd: string;

  constructor(cwd: string) {
    this.#cwd = cwd;
    requireFolder(cwd);
    const env = gitEnv();
    this.#git = simpleGit({
      baseDir: cwd,
      maxConcurrentProcesses: 2,
      allowEnvironment: Object.keys(env),
      unsafe: TRUSTED_CALLER,
    }).env(env);
  }

  async raw(args: string[]): Promise<string> {
    try {
      return await this.#git.raw(args);
    } catch (err) {
      throw gitFailure(args, (err as Error).message, 1);
    }
  }

  async inspect(): Promise<RepoInfo> {
    const [bare = '', shallow = '', format = 'sha1'] = (
      await this.raw(['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--show-object-format'])
    )
      .trim()
      .split('\n');
    const head = await this.resolveCommit('HEAD');
    return {
      bare: bare === 'true',
      shallow: shallow === 'true',
      oidLength: format === 'sha256' ? 64 : 40,
      ...(head ? { head } : {}),
    };
  }

  /** The commit a revision names, or undefined when it names none (unborn HEAD, unknown ref). */
  async resolveCommit(rev: string): Promise<string | undefined> {
    try {
      const out = await this.#git.raw([
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        `${rev}^{commit}`,
      ]);
      return out.trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** Author, email, date and subject of each commit, asked in groups to keep command lines short. */
  async commitInfos(oids: readonly string[]): Promise<Map<string, CommitInfo>> {
    const infos = new Map<string, CommitInfo>();
    for (let i = 0; i < oids.length; i += 200) {
      const group = oids.slice(i, i + 200);
      const out = await this.raw([
        // log, not show: show computes each commit's diff, and fails on a missing blob.
        'log',
        '--no-walk=unsorted',
        '--no-show-signature',
        '--format=%H%x00%an%x00%ae%x00%aI%x00%s%x00',
        ...group,
      ]);
      const fields = out.split('\0');
      for (let f = 0; f + 4 < fields.length; f += 5) {
        const sha = fields[f]!.trim();
        infos.set(sha, {
          sha,
          author: fields[f + 1]!,
          email: fields[f + 2]!,
          date: fields[f + 3]!,
          subject: fields[f + 4]!,
        });
      }
    }
    return infos;
  }

  /** Branches (local and remote) and tags whose history holds the commit, short names. */
  async refsContaining(oid: string): Promise<string[]> {
    const out = await this.raw([
      'for-each-ref',
      '--contains',
      oid,
      '--format=%(refname)',
      'refs/heads',
      'refs/remotes',
      'refs/tags',
    ]);
    return out
      .split('\n')
      .filter((r) => r.length > 0 && !r.endsWith('/HEAD'))
      .map((r) => r.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\//, ''));
  }

  get cwd(): string {
    return this.#cwd;
  }
}

/** simple-git throws its own untyped error for a missing folder: say it our way, with a hint. */
function requireFolder(cwd: string): void {
  let why: string | undefined;
  try {
    if (!statSync(cwd).isDirectory()) why = 'not a folder';
  } catch (err) {
    why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message;
  }
  if (why !== undefined) {
    throw new GitError(
      `${cwd}: cannot scan its history (${why})`,
      'pass the folder of a git repository (or a bare repository) as cwd',
    );
  }
}
