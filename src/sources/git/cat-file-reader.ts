import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { GitError } from '../../model/errors.js';
import { BatchParser, type BatchParserOptions, type BatchRecord } from './batch-parser.js';
import { gitFailure, notStarted, spawnGit } from './git-command.js';

export interface CatFileOptions extends BatchParserOptions {
  /**
   * Read every object of the repository in pack order (`--batch-all-objects --unordered`)
   * instead of the ones requested. Pack order resolves each delta right after its base, which
   * makes a whole-repository read about 8x faster than asking object by object in hash order.
   */
  allObjects?: boolean;
}

/**
 * One long-lived `git cat-file --batch` process: requests go in on stdin, objects stream out in
 * the same order. `--buffer` lets git fill its pipe instead of flushing after every object.
 * A corrupt or absent object comes back as `missing`, and the process carries on.
 */
export class CatFileReader {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #parser: BatchParser;
  readonly #exit: Promise<GitError | undefined>;
  #pending = '';
  #ended = false;
  #failed: GitError | undefined;

  constructor(cwd: string, opts: CatFileOptions) {
    const args = opts.allObjects
      ? ['cat-file', '--batch-all-objects', '--batch', '--unordered']
      : ['cat-file', '--batch', '--buffer'];
    this.#child = spawnGit(args, cwd);
    this.#parser = new BatchParser(opts);
    const stderr: Buffer[] = [];
    this.#child.stderr.on('data', (b: Buffer) => stderr.push(b));
    this.#child.stdin.on('error', () => {});
    this.#exit = new Promise((resolve) => {
      this.#child.on('error', (err) => {
        this.#failed = notStarted(err);
        resolve(this.#failed);
      });
      this.#child.on('close', (code) => {
        if (this.#failed) return resolve(this.#failed);
        resolve(
          code === 0 ? undefined : gitFailure(args, Buffer.concat(stderr).toString('utf8'), code ?? 128),
        );
      });
    });
    if (opts.allObjects) this.end();
  }

  /** Queues one object name; names are written in batches so a million requests stay cheap. */
  request(oid: string): void {
    this.#pending += `${oid}\n`;
    if (this.#pending.length >= 65536) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0 || this.#ended) return;
    this.#child.stdin.write(this.#pending);
    this.#pending = '';
  }

  /**
   * Writes many requests, then ends the input. Waits for git to drain its stdin as it goes, so a
   * million ids never pile up in memory; run it alongside `records()`, not before it.
   */
  async requestAll(oids: Iterable<string>): Promise<void> {
    const stdin = this.#child.stdin;
    let batch = '';
    for (const oid of oids) {
      batch += `${oid}\n`;
      if (batch.length < 65536) continue;
      if (this.#ended) return;
      const ok = stdin.write(batch);
      batch = '';
      if (!ok) {
        const gone = await Promise.race([
          new Promise<false>((resolve) => stdin.once('drain', () => resolve(false))),
          this.#exit.then(() => true),
        ]);
        if (gone) return;
      }
    }
    this.#pending += batch;
    this.end();
  }

  /** No more requests: git answers what it has and exits. */
  end(): void {
    this.flush();
    if (this.#ended) return;
    this.#ended = true;
    this.#child.stdin.end();
  }

  /**
   * The objects, in order. Ends when git does; then `exitError()` tells whether git failed (a
   * crash mid-stream leaves the remaining requests unanswered, which the caller reports).
   */
  async *records(): AsyncGenerator<BatchRecord> {
    for await (const chunk of this.#child.stdout as AsyncIterable<Buffer>) {
      yield* this.#parser.feed(chunk);
    }
  }

  /** Resolves once git has exited: undefined when it exited cleanly. */
  exitError(): Promise<GitError | undefined> {
    return this.#exit;
  }

  /** True when git's output ended in the middle of an object. */
  get truncated(): boolean {
    return !this.#parser.idle;
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill();
  }
}
