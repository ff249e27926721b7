import ignore, { type Ignore } from 'ignore';

/**
 * The .gitignore files met on the way down a tree, plus the user's --exclude globs.
 *
 * Git's precedence: the deepest .gitignore that has an opinion on a path decides (a `!pattern`
 * there re-includes what a parent file ignored), and inside one file the last matching line
 * wins, which `ignore`'s `test()` reports. Ignored folders are pruned by the walk, so, as in
 * git, nothing below an ignored folder can be re-included.
 *
 * Only .gitignore files inside the scan root are read, not those of its parent folders, so
 * `keysweep scan some/dir` scans what is in that folder even when a parent ignores it: a
 * secret scanner errs on the side of reading more.
 */
export class IgnoreRules {
  readonly #excludes: Ignore | undefined;
  readonly #frames: { prefix: string; rules: Ignore }[] = [];

  constructor(excludes: readonly string[]) {
    this.#excludes = excludes.length > 0 ? ignore().add([...excludes]) : undefined;
  }

  /** Adds the rules of the .gitignore of folder `dir` (relative to the root, '' for the root). */
  push(dir: string, gitignoreText: string): void {
    this.#frames.push({ prefix: dir === '' ? '' : `${dir}/`, rules: ignore().add(gitignoreText) });
  }

  /** Drops the rules of the folder pushed last (call when leaving it). */
  pop(): void {
    this.#frames.pop();
  }

  /**
   * `rel` is relative to the scan root; `shown` is the path as reported (it differs when several
   * roots are scanned, and --exclude may name either).
   */
  excluded(rel: string, shown: string, isDir: boolean): boolean {
    if (!this.#excludes) return false;
    const slash = isDir ? '/' : '';
    if (this.#excludes.ignores(rel + slash)) return true;
    return shown !== rel && ignore.isPathValid(shown) && this.#excludes.ignores(shown + slash);
  }

  ignored(rel: string, isDir: boolean): boolean {
    for (let i = this.#frames.length - 1; i >= 0; i--) {
      const frame = this.#frames[i]!;
      const verdict = frame.rules.test(rel.slice(frame.prefix.length) + (isDir ? '/' : ''));
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }
}
