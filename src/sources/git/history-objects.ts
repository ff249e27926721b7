import { gitFailure, spawnGit } from './git-command.js';
import { decodeGitPath, PathTable } from './git-path.js';
import { ObjectIdTable } from './object-id-table.js';
import { OidList } from './oid-list.js';
import { splitStream } from './split-stream.js';

/** Table flag: the entry is a commit (its `a` is its own ordinal). */
export const IS_COMMIT = 1;
/** Table flag: the object has been read (or reported unreadable). */
export const DONE = 2;
/** Table flag: the object is in the HEAD tree. */
export const AT_HEAD = 4;

/** What a sweep covers, in rev-list terms. */
export interface RevScope {
  /** Options keysweep chose: `--all`, `--since=<date>`. */
  options: string[];
  /** Revisions, possibly from the user: `main`, `A..B`, `^X`. */
  revisions: string[];
}

/** The objects a sweep covers and, for each, where it first appeared. */
export interface HistoryObjects {
  /** Commits: flag IS_COMMIT, `a` = ordinal. Trees, blobs, tags: `a` = ordinal of the first commit holding them, `b` = path id. */
  table: ObjectIdTable;
  /** Commit ids by ordinal, oldest first. */
  commits: OidList;
  paths: PathTable;
  /** Objects git listed as missing (corrupt, absent, or not fetched in a partial clone)... */
  missing: string[];
  /** ...all of them, of which `missing` names the first few. */
  missingCount: number;
  /**
   * The commits just outside the scope (rev-list `--boundary`): a range's base, a new branch's
   * fork points, the parents of the oldest commits since a date. Empty for whole histories.
   */
  boundary: string[];
}

/** The most missing object ids remembered one by one; beyond this only the count is reported. */
const MAX_MISSING_LISTED = 1000;

/**
 * Lists every object the given revisions reach, streaming, with `git rev-list --objects
 * --in-commit-order --topo-order --reverse`: parents before children, each commit followed by
 * the trees and blobs it is the first to hold, so the first commit to print an object is the
 * one that introduced it. `--topo-order` because the default (date) order puts a merge before a
 * side-branch commit whose clock was ahead, and orders equal dates arbitrarily.
 * Nothing but ids and numbers is kept. `--missing=print` reports absent objects instead of
 * stopping the walk.
 *
 * `scope.options` are rev-list options chosen by keysweep (`--all`, `--since=...`);
 * `scope.revisions` may come from users (a branch, `A..B`, `^X`) and follow `--end-of-options`,
 * so none of them can be taken for an option.
 */
export async function listHistoryObjects(
  cwd: string,
  scope: RevScope,
  oidHexLength: number,
): Promise<HistoryObjects> {
  const args = [
    'rev-list',
    '--objects',
    '--in-commit-order',
    '--topo-order',
    '--reverse',
    '--boundary',
    '--missing=print',
    ...scope.options,
    '--end-of-options',
    ...scope.revisions,
  ];
  const child = spawnGit(args, cwd);
  const stderr: Buffer[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b));
  child.stdin.end();
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 128));
  });

  const table = new ObjectIdTable(oidHexLength, 4096);
  const commits = new OidList(oidHexLength);
  const paths = new PathTable();
  const missing: string[] = [];
  const boundary: string[] = [];
  let missingCount = 0;
  let ordinal = -1;
  let lastOid: string | undefined;
  let lastPath = '';
  for await (const line of splitStream(child.stdout as AsyncIterable<Buffer>)) {
    if (line.length === 0) continue;
    if (line[0] === 0x3f /* ? */) {
      missingCount++;
      if (missing.length < MAX_MISSING_LISTED) missing.push(line.subarray(1).toString('latin1'));
      continue;
    }
    if (line[0] === 0x2d /* - */ && line.length === oidHexLength + 1) {
      boundary.push(line.subarray(1).toString('latin1'));
      continue;
    }
    const oid = line.subarray(0, oidHexLength).toString('latin1');
    if (line.length === oidHexLength && isHex(oid)) {
      ordinal = commits.push(oid);
      table.add(oid, ordinal, 0, IS_COMMIT);
      lastOid = undefined;
    } else if (line[oidHexLength] === 0x20 && isHex(oid)) {
      lastPath = decodeGitPath(line.subarray(oidHexLength + 1));
      table.add(oid, Math.max(ordinal, 0), paths.intern(lastPath));
      lastOid = oid;
    } else if (lastOid !== undefined) {
      // rev-list does not quote paths: a newline inside one continues on the next line.
      lastPath = `${lastPath}\n${decodeGitPath(line)}`;
      const slot = table.find(lastOid);
      if (slot >= 0) table.setB(slot, paths.intern(lastPath));
    }
  }
  const code = await exit;
  if (code !== 0) throw gitFailure(args, Buffer.concat(stderr).toString('utf8'), code);
  return { table, commits, paths, missing, missingCount, boundary };
}

function isHex(s: string): boolean {
  return /^[0-9a-f]+$/.test(s);
}
