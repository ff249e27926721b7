import { isUtf8 } from 'node:buffer';
import {
  type Dirent,
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { join, sep } from 'node:path';
import { UsageError } from '../../model/errors.js';
import type { ScanIssue } from '../../model/report.js';
import { decodeGitPath } from '../git/git-path.js';
import { issueFromError, type SpecialKind, specialKindOf } from './fs-issues.js';
import { IgnoreRules } from './ignore-rules.js';
import { ignoresAbove } from './ignores-above.js';

/** A path the user asked to scan, resolved. */
export interface ScanRoot {
  /** As given on the command line. */
  given: string;
  abs: string;
  /** `given` tidied (forward slashes, no `./`, no trailing slash): the prefix of reported paths. */
  label: string;
  kind: 'dir' | 'file' | SpecialKind;
}

/**
 * A path to open: a string, or the raw bytes below a name that is not valid UTF-8 (as a string,
 * its bytes would become U+FFFD and the file could not be opened).
 */
export type FsPath = string | Buffer;

export type WalkItem = { type: 'file'; abs: FsPath; path: string } | { type: 'issue'; issue: ScanIssue };

export interface WalkOptions {
  exclude?: readonly string[];
  noIgnore?: boolean;
}

/**
 * Checks every root before anything is scanned: a path that does not exist is a usage error
 * (exit 2, nothing scanned), not a finding-free scan.
 */
export function resolveRoots(paths: readonly string[]): ScanRoot[] {
  return paths.map((given) => {
    let st: Stats;
    try {
      st = statSync(given);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new UsageError(
          `${given}: no such file or folder`,
          'check the path, or run from the right folder',
        );
      }
      if (code === 'ELOOP')
        throw new UsageError(`${given}: symbolic link loop`, 'point at the real file or folder');
      throw new UsageError(
        `${given}: cannot read it (${code ?? (err as Error).message})`,
        'check its permissions',
      );
    }
    const kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : specialKindOf(st);
    return { given, abs: join(given), label: tidyLabel(given), kind };
  });
}

/**
 * Reported paths: relative to the root when one folder is scanned (`config/prod.env`), and
 * prefixed with the root as given when several are, so that two roots' files never share a
 * name. A file named as a root is reported as given.
 */
export function pathPrefix(root: ScanRoot, rootCount: number): string {
  if (root.kind === 'dir' && rootCount === 1) return '';
  return root.label === '.' ? '' : `${root.label}/`;
}

/**
 * Walks the roots depth-first in name order and yields each regular file to scan, and an issue
 * for each entry that cannot be scanned (FIFOs and devices are never opened: a FIFO would block).
 *
 * - `.git` folders are never entered; `.gitignore` files (every level, and those above the root
 *   up to the repository top, with `.git/info/exclude`) and `--exclude` globs prune the walk
 *   unless `noIgnore` (which drops .gitignore and info/exclude, not --exclude).
 * - Symbolic links to files are scanned under the link's path. Links to folders are followed
 *   only out of the scanned roots (a target inside a root is scanned at its own path, or is
 *   ignored on purpose), once per target, and never back into an ancestor or a root: that is a
 *   loop, reported as such. Dangling links are reported too.
 *
 * We walk with readdir rather than fast-glob because nested .gitignore files must prune the
 * walk as it goes: fast-glob only takes one fixed ignore list, so an ignored node_modules
 * would be walked in full and filtered afterwards.
 */
export function* walkTree(roots: readonly ScanRoot[], options: WalkOptions = {}): Generator<WalkItem> {
  const realRoots = roots.filter((r) => r.kind === 'dir').map((r) => realpathOrSelf(r.abs));
  const followed = new Set<string>();
  const exclude = options.exclude ?? [];
  for (const root of roots) {
    const prefix = pathPrefix(root, roots.length);
    if (root.kind === 'file') {
      // --exclude applies to a file named as a root (by its name or its path); .gitignore does not.
      const base = root.label.split('/').at(-1) || root.label;
      if (new IgnoreRules(exclude).excluded(base, root.label, false)) continue;
      yield { type: 'file', abs: root.abs, path: root.label };
    } else if (root.kind === 'dir') {
      yield* walkFolder(root.abs, prefix, {
        exclude,
        noIgnore: options.noIgnore === true,
        realRoots,
        followed,
      });
    } else {
      yield issue(
        root.label,
        'skipped',
        root.kind,
        `a ${describe(root.kind)} is not read; pipe it to 'keysweep scan -'`,
      );
    }
  }
}

interface FolderContext {
  exclude: readonly string[];
  noIgnore: boolean;
  realRoots: readonly string[];
  /** Real paths of folders entered through links, so each is walked once. */
  followed: Set<string>;
}

/** A folder entry; `raw` holds its name's bytes when they are not valid UTF-8 (`name` then shows them escaped). */
type Entry = Dirent & { raw?: Buffer };

interface Frame {
  abs: FsPath;
  /** Relative to the root ('' for the root). */
  rel: string;
  entries: Entry[];
  next: number;
  pushedRules: boolean;
  real?: string;
}

function* walkFolder(rootAbs: string, prefix: string, ctx: FolderContext): Generator<WalkItem> {
  const rules = new IgnoreRules(ctx.exclude);
  if (!ctx.noIgnore) {
    for (const above of ignoresAbove(rootAbs)) rules.pushAbove(above.base, above.text);
    // A folder named on the command line is scanned even if a parent ignores it: it was asked for.
    if (rules.ignored('', true)) rules.clear();
  }
  const stack: Frame[] = [];
  const shownOf = (rel: string) => (rel === '' ? prefix.replace(/\/$/, '') || '.' : prefix + rel);

  const enter = function* (abs: FsPath, rel: string): Generator<WalkItem> {
    let entries: Entry[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
      // Names are read as strings (fast); a name that is not valid UTF-8 came back with U+FFFD
      // in it, so only then read the folder again as bytes.
      if (entries.some((e) => e.name.includes('\uFFFD'))) entries = readRawEntries(abs);
    } catch (err) {
      yield { type: 'issue', issue: issueFromError(shownOf(rel), err) };
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let pushedRules = false;
    if (!ctx.noIgnore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      try {
        rules.push(rel, readFileSync(childPath(abs, '.gitignore'), 'utf8'));
        pushedRules = true;
      } catch {
        // An unreadable .gitignore ignores nothing; the file itself is reported when scanned.
      }
    }
    stack.push({ abs, rel, entries, next: 0, pushedRules });
  };

  yield* enter(rootAbs, '');
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    const entry = frame.entries[frame.next++];
    if (!entry) {
      if (frame.pushedRules) rules.pop();
      stack.pop();
      continue;
    }
    const name = entry.name;
    if (name === '.git') continue;
    const abs = childPath(frame.abs, entry.raw ?? name);
    const rel = frame.rel === '' ? name : `${frame.rel}/${name}`;
    const shown = prefix + rel;

    let kind = direntKind(entry, abs);
    let linked = false;
    if (kind === 'link') {
      linked = true;
      try {
        const st = statSync(abs);
        kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : specialKindOf(st);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (rules.excluded(rel, shown, false) || rules.ignored(rel, false)) continue;
        if (code === 'ENOENT' || code === 'ENOTDIR') yield issue(shown, 'skipped', 'broken-symlink');
        else yield { type: 'issue', issue: issueFromError(shown, err) };
        continue;
      }
    }
    const isDir = kind === 'dir';
    if (rules.excluded(rel, shown, isDir) || rules.ignored(rel, isDir)) continue;

    if (kind === 'file') {
      yield { type: 'file', abs, path: shown };
    } else if (kind === 'dir') {
      if (linked) {
        const verdict = linkedFolderVerdict(abs, frame, ctx);
        if (verdict === 'loop')
          yield issue(shown, 'skipped', 'symlink-loop', 'the link leads back into a folder being scanned');
        if (verdict !== 'follow') continue;
      }
      yield* enter(abs, rel);
    } else if (kind !== 'unknown') {
      yield issue(shown, 'skipped', kind, `a ${describe(kind)} is not read`);
    }
  }
}

/** Whether to walk a folder reached through a symbolic link. */
function linkedFolderVerdict(abs: FsPath, parent: Frame, ctx: FolderContext): 'follow' | 'loop' | 'skip' {
  let target: string;
  try {
    target = realpathSync(abs);
  } catch {
    return 'loop';
  }
  parent.real ??= realpathOrSelf(parent.abs);
  const within = (dir: string, base: string) =>
    dir === base || dir.startsWith(base.endsWith(sep) ? base : base + sep);
  if (within(parent.real, target) || ctx.realRoots.some((r) => within(r, target))) return 'loop';
  if (ctx.realRoots.some((r) => within(target, r))) return 'skip';
  if (ctx.followed.has(target)) return 'skip';
  ctx.followed.add(target);
  return 'follow';
}

type EntryKind = 'file' | 'dir' | 'link' | SpecialKind | 'unknown';

function direntKind(entry: Dirent, abs: FsPath): EntryKind {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isFIFO()) return 'fifo';
  if (entry.isSocket()) return 'socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'device';
  // Some filesystems do not fill in the entry type: ask.
  try {
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) return 'link';
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : specialKindOf(st);
  } catch {
    return 'unknown';
  }
}

function describe(kind: SpecialKind): string {
  return kind === 'fifo' ? 'FIFO (named pipe)' : kind === 'socket' ? 'socket' : 'device file';
}

function issue(path: string, kind: ScanIssue['kind'], reason: string, detail?: string): WalkItem {
  return { type: 'issue', issue: { path, kind, reason, ...(detail ? { detail } : {}) } };
}

function realpathOrSelf(p: FsPath): string {
  try {
    return realpathSync(p);
  } catch {
    return typeof p === 'string' ? p : Buffer.from(p).toString();
  }
}

/** A folder's entries with their names read as bytes: names that are not UTF-8 keep them in `raw`. */
function readRawEntries(abs: FsPath): Entry[] {
  return readdirSync(abs, { withFileTypes: true, encoding: 'buffer' }).map((d) => {
    const raw = d.name;
    // Shown the way history scans show such a path (git's octal escapes), so both agree.
    return isUtf8(raw)
      ? Object.assign(d, { name: raw.toString() })
      : Object.assign(d, { name: decodeGitPath(raw), raw });
  }) as unknown as Entry[];
}

/**
 * A child's path. Plain string concatenation for speed (path.join re-normalises the whole path
 * for each of tens of thousands of entries); bytes once the folder or the name is bytes.
 */
function childPath(dir: FsPath, name: string | Buffer): FsPath {
  if (typeof dir === 'string' && typeof name === 'string')
    return dir.endsWith(sep) ? dir + name : dir + sep + name;
  const d = Buffer.from(dir);
  return Buffer.concat([d, d.at(-1) === SEP_BYTE ? Buffer.alloc(0) : Buffer.from(sep), Buffer.from(name)]);
}

const SEP_BYTE = sep.charCodeAt(0);

function tidyLabel(given: string): string {
  let s = sep === '\\' ? given.replace(/\\/g, '/') : given;
  while (s.startsWith('./') && s.length > 2) s = s.slice(2);
  while (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s === '' ? '.' : s;
}
