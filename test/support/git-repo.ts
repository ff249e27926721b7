import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** File contents by path; `null` deletes the file. */
export type FileMap = Record<string, string | Buffer | null>;

export interface CommitOptions {
  message?: string;
  author?: { name: string; email: string };
  /** Stage only, do not commit. */
  stageOnly?: boolean;
}

export const AUTHOR = { name: 'Ada Tester', email: 'ada@example.test' };

/**
 * A throwaway git repository with a fixed identity, fixed and increasing dates, and an isolated
 * HOME and global config, so tests never read or write the user's git settings.
 */
export class TestRepo {
  readonly root: string;
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  #tick = 0;

  private constructor(root: string, dir: string, env: NodeJS.ProcessEnv) {
    this.root = root;
    this.dir = dir;
    this.env = env;
  }

  static create(opts: { branch?: string; bare?: boolean } = {}): TestRepo {
    const root = mkdtempSync(join(tmpdir(), 'keysweep-git-'));
    const home = join(root, 'home');
    mkdirSync(home);
    const gitconfig = join(root, 'gitconfig');
    writeFileSync(gitconfig, '[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n');
    const env: NodeJS.ProcessEnv = {
      ...cleanEnv(),
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      GIT_CONFIG_GLOBAL: gitconfig,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: AUTHOR.name,
      GIT_AUTHOR_EMAIL: AUTHOR.email,
      GIT_COMMITTER_NAME: AUTHOR.name,
      GIT_COMMITTER_EMAIL: AUTHOR.email,
    };
    const dir = join(root, 'repo');
    mkdirSync(dir);
    const repo = new TestRepo(root, dir, env);
    repo.git('init', '-q', ...(opts.bare ? ['--bare'] : []), '-b', opts.branch ?? 'main');
    return repo;
  }

  /** Runs git in the repo and returns stdout (trimmed of the final newline). */
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.nextDateEnv(), encoding: 'utf8' }).replace(
      /\n$/,
      '',
    );
  }

  /** Runs git and returns its exit status and output without throwing. */
  tryGit(...args: string[]): { status: number; stdout: string; stderr: string } {
    const r = spawnSync('git', args, { cwd: this.dir, env: this.nextDateEnv(), encoding: 'utf8' });
    return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
  }

  write(files: FileMap): void {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) {
        rmSync(full, { force: true });
        continue;
      }
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }

  /** Writes and stages the files (deletions included); commits unless `stageOnly`. Returns the commit id. */
  commit(files: FileMap, opts: CommitOptions = {}): string {
    this.write(files);
    const paths = Object.keys(files);
    if (paths.length > 0) this.git('add', '-A', '--', ...paths);
    if (opts.stageOnly) return '';
    const author = opts.author ?? AUTHOR;
    this.git(
      '-c',
      `user.name=${author.name}`,
      '-c',
      `user.email=${author.email}`,
      'commit',
      '-q',
      '--allow-empty',
      '--no-verify',
      '--author',
      `${author.name} <${author.email}>`,
      '-m',
      opts.message ?? `commit ${this.#tick + 1}`,
    );
    return this.git('rev-parse', 'HEAD');
  }

  /**
   * The environment for a keysweep child process: the repository's, with every GIT_* variable
   * of the test process cleared (a test run from inside a git hook inherits GIT_INDEX_FILE...).
   */
  cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    const env: Record<string, string | undefined> = { ...this.env };
    for (const k of Object.keys(process.env)) {
      if (
        (k.startsWith('GIT_') || k.startsWith('GITHUB_') || k.startsWith('CI_') || k === 'GITLAB_CI') &&
        !(k in this.env)
      )
        env[k] = undefined;
    }
    return { ...env, ...extra };
  }

  /** Removes a file from disk without touching the index (for tests that need it). */
  unlink(path: string): void {
    unlinkSync(join(this.dir, path));
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Each git call gets the next fixed date, one minute apart, so history order is stable. */
  private nextDateEnv(): NodeJS.ProcessEnv {
    this.#tick++;
    const date = new Date(Date.UTC(2024, 0, 1, 12, 0, 0) + this.#tick * 60_000).toISOString();
    return { ...this.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  }
}

/** The parent environment minus anything that would point git somewhere else. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('GIT_') || k === 'CI' || k.startsWith('GITHUB_') || k.startsWith('CI_')) continue;
    env[k] = v;
  }
  return env;
}
