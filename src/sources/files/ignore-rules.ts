import ignore, { type Ignore } from 'ignore';

/**
 * The .gitignore files met on the way down a tree, plus the user's --exclude globs.
 *
 * Git's precedence: the deepest .gitignore that has an opinion on a path decides (a `!pattern`
 * there re-includes what a parent file ignored), and inside one file the last matching line
 * wins, which `ignore`'s `test()` reports. Ignored folders are pruned by the walk, so, as in
 * git, nothing below an ignored folder can be re-included.
 *
 * Rules from above the scan root (`pushAbove`) see paths as their own folder does, so
 * `keysweep scan a` skips what `keysweep scan .` skips.
 */
export class IgnoreRules {
  readonly #excludes: Ignore | undefined;
  /** `prefix` is cut from a root-relative path, `base` put before it: the path as seen from the rules' folder. */
  readonly #frames: { prefix: string; base: string; rules: Ignore }[] = [];

  constructor(excludes: readonly string[]) {
    this.#excludes = excludes.length > 0 ? ignore().add([...excludes]) : undefined;
  }

  /** Adds the rules of the .gitignore of folder `dir` (relative to the root, '' for the root). */
  push(dir: string, gitignoreText: string): void {
    this.#frames.push({ prefix: dir === '' ? '' : `${dir}/`, base: '', rules: ignore().add(gitignoreText) });
  }

  /** Adds rules from above the root; `base` is the root's path relative to their folder ('' for that folder). */
  pushAbove(base: string, text: string): void {
    this.#frames.push({ prefix: '', base, rules: ignore().add(text) });
  }

  /** Drops every .gitignore rule (the --exclude globs stay). */
  clear(): void {
    this.#frames.length = 0;
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
      const r = rel.slice(frame.prefix.length);
      const path = frame.base === '' ? r : r === '' ? frame.base : `${frame.base}/${r}`;
      if (path === '') continue; // the rules' own folder, which they cannot ignore
      const verdict = frame.rules.test(path + (isDir ? '/' : ''));
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }
}
