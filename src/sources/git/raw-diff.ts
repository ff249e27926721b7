import { decodeGitPath } from './git-path.js';

/** One entry of `git diff --raw -z` output. */
export interface RawDiffEntry {
  /** A added, M modified, R renamed, C copied, T type changed, D deleted, U unmerged. */
  status: string;
  /** Similarity score of a rename or copy (R087 -> 87). */
  score?: number;
  oldMode: string;
  newMode: string;
  oldOid: string;
  newOid: string;
  path: string;
  /** The source path of a rename or copy. */
  oldPath?: string;
}

export const GITLINK_MODE = '160000';

/**
 * Parses `--raw -z` output: `:<old mode> <new mode> <old oid> <new oid> <status>` NUL `<path>`
 * NUL, with a second path for renames and copies. See git-diff(1), "RAW OUTPUT FORMAT". Paths
 * are kept as bytes until decoded, so spaces, newlines and non-UTF-8 names come through whole.
 */
export function parseRawDiff(out: Buffer): RawDiffEntry[] {
  const entries: RawDiffEntry[] = [];
  let pos = 0;
  const field = (): Buffer | undefined => {
    if (pos >= out.length) return undefined;
    let end = out.indexOf(0, pos);
    if (end === -1) end = out.length;
    const b = out.subarray(pos, end);
    pos = end + 1;
    return b;
  };
  for (let head = field(); head !== undefined; head = field()) {
    if (head.length === 0) continue;
    const m = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])(\d*)$/.exec(head.toString('latin1'));
    if (!m) throw new Error(`unexpected raw diff line: ${head.toString('latin1').slice(0, 120)}`);
    const [, oldMode = '', newMode = '', oldOid = '', newOid = '', status = '', score] = m;
    const first = field();
    if (first === undefined) throw new Error('raw diff ended before a path');
    const entry: RawDiffEntry = { status, oldMode, newMode, oldOid, newOid, path: decodeGitPath(first) };
    if (score) entry.score = Number(score);
    if (status === 'R' || status === 'C') {
      const second = field();
      if (second === undefined) throw new Error('raw diff ended before a rename target');
      entry.oldPath = entry.path;
      entry.path = decodeGitPath(second);
    }
    entries.push(entry);
  }
  return entries;
}
