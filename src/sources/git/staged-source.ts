import { UsageError } from '../../model/errors.js';
import type { StagedLocation } from '../../model/location.js';
import type { ScanContext } from '../../scan/scan-context.js';
import { decodeBytes } from '../decode-bytes.js';
import { windowSettings } from '../text-windows.js';
import { addedLines } from './added-lines.js';
import type { BlobReassembler } from './blob-reassembler.js';
import { CatFileReader } from './cat-file-reader.js';
import { dropPreExisting } from './drop-pre-existing.js';
import { runGit } from './git-command.js';
import { GITLINK_MODE, parseRawDiff, type RawDiffEntry } from './raw-diff.js';

export interface StagedOptions {
  cwd: string;
  /** Scan whole staged files, not only the lines they add. */
  all: boolean;
}

const ZERO_OID = /^0+$/;
const MAX_PATHSPECS = 1000;

/**
 * What the next commit would add: the staged blob of every added, modified, renamed or
 * type-changed path, reporting only lines that the HEAD version of that path (the source path
 * of a rename) does not hold, and not credentials that only move out of the HEAD files the
 * commit changes or deletes. Without
 * commits yet, everything staged is new. Two git processes when nothing is found (one diff, one
 * cat-file), so a hook stays instant on a large repository.
 */
export async function scanStaged(ctx: ScanContext, opts: StagedOptions): Promise<void> {
  // `git diff --cached` (not diff-index HEAD) also works on an unborn branch, and -z keeps
  // every path byte intact. --no-relative and --no-ext-diff keep user config out of the way.
  // Outside a repository `git diff` falls back to --no-index and its error says nothing useful,
  // so rev-parse runs alongside (no extra wait) to give git's own "not a git repository".
  const repoCheck = runGit(['rev-parse', '--is-bare-repository'], { cwd: opts.cwd });
  const diff = runGit(
    [
      'diff',
      '--cached',
      '--raw',
      '-z',
      '-M',
      '--no-abbrev',
      '--no-color',
      '--no-relative',
      '--no-ext-diff',
      '--ignore-submodules=none',
    ],
    { cwd: opts.cwd },
  );
  diff.catch(() => {});
  if ((await repoCheck).stdout.toString('latin1').trim() === 'true') {
    throw new UsageError(
      'staged: this is a bare repository: it has no index or work tree, so nothing is staged',
      'run keysweep staged in a clone with a work tree; to scan this repository use keysweep history',
    );
  }
  const { stdout } = await diff;
  const changes: RawDiffEntry[] = [];
  // HEAD paths whose content this commit changes or removes: where a key it adds may come from.
  const leaving = new Set<string>();
  for (const e of parseRawDiff(stdout)) {
    if (!ZERO_OID.test(e.oldOid)) leaving.add(e.oldPath ?? e.path);
    if (e.status === 'D') continue;
    if (e.status === 'U' || ZERO_OID.test(e.newOid)) {
      ctx.skip(e.path, 'unmerged', 'the path has merge conflicts; resolve them and stage it again');
      continue;
    }
    if (e.newMode === GITLINK_MODE) {
      ctx.skip(e.path, 'submodule', 'a submodule commit; run keysweep inside the submodule to scan it');
      continue;
    }
    changes.push(e);
  }
  if (changes.length === 0) return;

  const settings = windowSettings();
  const reader = new CatFileReader(opts.cwd, {
    wholeLimit: settings.windowBytes,
    partBytes: settings.windowBytes,
  });
  // What each record of cat-file's answer is, in request order: a change's staged blob, then
  // its HEAD blob when only added lines are wanted.
  const expected: { change: RawDiffEntry; role: 'new' | 'old' }[] = [];
  for (const change of changes) {
    reader.request(change.newOid);
    expected.push({ change, role: 'new' });
    if (!opts.all && !ZERO_OID.test(change.oldOid) && change.oldMode !== GITLINK_MODE) {
      reader.request(change.oldOid);
      expected.push({ change, role: 'old' });
    }
  }
  reader.end();
  ctx.total = changes.length;

  let k = 0;
  let newText: string | undefined;
  let big: BlobReassembler | undefined;
  for await (const r of reader.records()) {
    const item = expected[k];
    if (!item) break;
    const { change, role } = item;
    if (role === 'new') {
      if (r.kind === 'part') {
        // Too big to compare line by line: scanned whole, window by window, as it streams.
        // Loaded only when a staged file is this big: the hook's usual path stays lean.
        big ??= new (await import('./blob-reassembler.js')).BlobReassembler(
          ctx.ruleSet,
          stagedLocation(change),
          settings,
          (ms) => ctx.addMatches(ms),
        );
        big.push(r.data, r.last);
        if (!r.last) continue;
        countBlob(ctx, r.size);
        if (big.binary) ctx.skip(change.path, 'binary');
        for (const issue of big.issues()) ctx.issues.push(issue);
        big = undefined;
        newText = undefined;
      } else if (r.kind === 'missing') {
        ctx.error(change.path, 'missing-object', `staged blob ${change.newOid} cannot be read`);
        newText = undefined;
      } else {
        countBlob(ctx, r.size);
        const decoded = decodeBytes(r.data);
        if (decoded.kind === 'binary') ctx.skip(change.path, 'binary');
        newText = decoded.kind === 'text' ? decoded.text : undefined;
      }
      k++;
      if (expected[k]?.role !== 'old') {
        if (newText !== undefined)
          ctx.detect({ location: stagedLocation(change), text: newText, startLine: 1 });
        ctx.progress();
      }
      continue;
    }
    // The HEAD version (or a rename's source) of the change just read.
    if (r.kind === 'part' && !r.last) continue;
    k++;
    if (newText === undefined) continue;
    // A HEAD version that is huge, binary or unreadable counts as empty: every line is new.
    const decoded = r.kind === 'object' ? decodeBytes(r.data) : undefined;
    const oldText = decoded?.kind === 'text' ? decoded.text : '';
    const reportLines = addedLines(oldText, newText);
    if (reportLines.size > 0)
      ctx.detect({ location: stagedLocation(change), text: newText, startLine: 1, reportLines });
    ctx.progress();
  }
  const failure = await reader.exitError();
  if (failure) throw failure;
  for (const { change, role } of expected.slice(k)) {
    if (role === 'new') ctx.error(change.path, 'unreadable', 'git cat-file stopped before this blob');
  }
  // Added lines are not new credentials when the key only moved: out of a file this commit
  // changes or deletes (to another file, re-indented, or in a file too big to compare line by
  // line). Only those HEAD files are searched, so the check costs what the commit touches; a
  // copy out of an untouched file is a new place, and reported. Only when something was found,
  // so a clean commit runs no more git. --all reports everything staged.
  // (A path leaves only when HEAD has it, so HEAD exists here.)
  if (!opts.all && ctx.collector.size > 0 && leaving.size > 0) {
    // A commit touching thousands of files: one search of the whole tree beats a huge argv.
    const paths = leaving.size <= MAX_PATHSPECS ? [...leaving] : undefined;
    await dropPreExisting(ctx, opts.cwd, ['HEAD'], 'HEAD', paths);
  }
}

function stagedLocation(change: RawDiffEntry): StagedLocation {
  return { kind: 'staged', path: change.path, blob: change.newOid };
}

function countBlob(ctx: ScanContext, size: number): void {
  ctx.stats.blobs++;
  ctx.stats.bytes += size;
}
