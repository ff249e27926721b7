/**
 * Every error keysweep raises on purpose. The CLI's one top-level catch prints `message` and
 * `hint` and exits with `exitCode`; anything else is a bug and says so.
 * Messages start lowercase, name the object first, say what to do, and never hold a secret.
 */
export class KeysweepError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { exitCode?: number; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options.exitCode ?? 3;
    this.hint = options.hint;
  }
}

/** Bad flags or arguments: exit 2, nothing scanned. */
export class UsageError extends KeysweepError {
  constructor(message: string, hint?: string) {
    super('usage', message, { exitCode: 2, ...(hint ? { hint } : {}) });
  }
}

/** A bad rule file, config file or canary list: exit 2. */
export class ConfigError extends KeysweepError {
  readonly file: string | undefined;
  readonly rule: string | undefined;
  readonly field: string | undefined;

  constructor(message: string, where: { file?: string; rule?: string; field?: string; hint?: string } = {}) {
    super('config', message, { exitCode: 2, ...(where.hint ? { hint: where.hint } : {}) });
    this.file = where.file;
    this.rule = where.rule;
    this.field = where.field;
  }
}

/** git failed or the repository cannot be scanned as asked: exit 3. */
export class GitError extends KeysweepError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super('git', message, { exitCode: 3, ...(hint ? { hint } : {}), cause });
  }
}

/** AWS unreachable, access denied, or refused: exit 3. */
export class AwsError extends KeysweepError {
  constructor(code: string, message: string, hint?: string, cause?: unknown) {
    super(code, message, { exitCode: 3, ...(hint ? { hint } : {}), cause });
  }
}

/** Something keysweep should never do: a bug. */
export class InternalError extends KeysweepError {
  constructor(message: string, cause?: unknown) {
    super('internal', `internal error: ${message}`, {
      exitCode: 3,
      hint: 'this is a bug in keysweep; please report it with the command you ran',
      cause,
    });
  }
}

export const EXIT = {
  clean: 0,
  findings: 1,
  usage: 2,
  failure: 3,
} as const;
