import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { GitError } from '../../model/errors.js';

export interface GitRunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export interface GitRunOptions {
  cwd: string;
  /** Written to git's stdin, which is then closed. */
  input?: string | Buffer;
  /** Exit codes that are answers rather than failures (e.g. 1 for `rev-parse --verify -q`). */
  okCodes?: readonly number[];
  /** Added to gitEnv() for this run only. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The environment every git child gets: never prompt for credentials (a hook must not hang),
 * never take optional locks (a pre-commit hook runs while the user's `git commit` holds the
 * index), never download objects a partial clone lacks (git 2.45+; a scan stays offline), and
 * English messages so the few we recognise stay recognisable.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_LAZY_FETCH: '1',
    LC_ALL: 'C',
    LANGUAGE: 'C',
  };
}

export function spawnGit(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): ChildProcessWithoutNullStreams {
  return spawn('git', args, { cwd, env: { ...gitEnv(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs git to completion and collects its output; for small outputs only. */
export function runGit(args: readonly string[], opts: GitRunOptions): Promise<GitRunResult> {
  return new Promise((resolve, reject) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawnGit(args, opts.cwd, opts.env);
    } catch (err) {
      reject(notStarted(err));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(notStarted(e)));
    child.on('close', (code) => {
      const result = {
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? 128,
      };
      if (result.code === 0 || opts.okCodes?.includes(result.code)) resolve(result);
      else reject(gitFailure(args, result.stderr, result.code));
    });
    // git may exit before reading all of its input (e.g. on a bad argument): that is not ours to report.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs git and returns stdout as UTF-8 text without the trailing newline. */
export async function gitText(args: readonly string[], cwd: string): Promise<string> {
  const { stdout } = await runGit(args, { cwd });
  return stdout.toString('utf8').replace(/\n$/, '');
}

export function notStarted(err: unknown): GitError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new GitError(
      'git: not found on PATH',
      'install git (2.32 or newer) and make sure `git --version` works',
      err,
    );
  }
  return new GitError(`git: could not be started (${(err as Error).message})`, undefined, err);
}

/** Turns a failed git run into a GitError whose message names the command and git's own reason. */
export function gitFailure(args: readonly string[], stderr: string, code: number): GitError {
  const reason =
    stderr
      .split('\n')
      .map((l) => l.replace(/^(fatal|error): /, '').trim())
      .find((l) => l.length > 0) ?? `exit code ${code}`;
  const command = `git ${args.filter((a) => !a.startsWith('--format') && !a.startsWith('--batch-check=')).join(' ')}`;
  return new GitError(`${truncate(command, 120)}: ${reason}`, hintFor(stderr));
}

function hintFor(stderr: string): string | undefined {
  if (/not a git repository/i.test(stderr))
    return 'run keysweep inside a git repository, or cd into one first';
  if (/dubious ownership/i.test(stderr))
    return 'git refuses this repository because another user owns it; see `git config --global --add safe.directory`';
  if (/unknown revision|bad revision|ambiguous argument/i.test(stderr))
    return 'check the revision or range; in a shallow clone, fetch more history with `git fetch --deepen=N` or `git fetch --unshallow`';
  return undefined;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
