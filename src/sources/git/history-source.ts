import { availableParallelism } from 'node:os';
import { ConfigError, GitError, InternalError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import type { ScanContext } from '../../scan/scan-context.js';
import { windowSettings } from '../text-windows.js';
import { attributeFindings } from './attribute-findings.js';
import { findBlobPaths } from './blob-paths.js';
import { BlobPool } from './blob-pool.js';
import { CappedIssues } from './capped-issues.js';
import { CatFileReader } from './cat-file-reader.js';
import { CommitLocator } from './commit-locator.js';
import { dropPreExisting } from './drop-pre-existing.js';
import { FirstSeenFilter } from './first-seen-filter.js';
import { markHeadTree } from './head-tree.js';
import {
  AT_HEAD,
  type HistoryObjects,
  IS_COMMIT,
  listHistoryObjects,
  type RevScope,
} from './history-objects.js';
import { findMissingPaths } from './missing-paths.js';
import { planReads } from './read-plan.js';
import { RepoMetadata } from './repo-metadata.js';
import { parseTag, type TagInfo } from './tag-info.js';
import { WindowFeeder } from './window-feeder.js';

export interface HistoryScanOptions {
  cwd: string;
  /** What to sweep: `--all`, or revisions such as a branch, `A..B`, `^X`. */
  scope: RevScope;
  /** Also look up which branches and tags reach each finding's commit. */
  refs: boolean;
  /** Worker threads; default: one per core. Histories under a few MB are scanned in-process. */
  threads?: number;
}

/** Below this many blob bytes, starting worker threads costs more than it saves. */
const IN_PROCESS_BYTES = 16 * 1024 * 1024;
const HISTORY_WINDOW_BYTES = 2 * 1024 * 1024;
const LFS_POINTER = 'version https://git-lfs.github.com/spec/';

/**
 * Sweeps history: every blob, commit message and tag message the revisions reach, each unique
 * object scanned once, read in pack order through one `git cat-file --batch`, scanned on worker
 * threads; then each finding is placed at the commit that introduced it.
 */
export async function scanHistory(ctx: ScanContext, opts: HistoryScanOptions): Promise<void> {
  const meta = new RepoMetadata(opts.cwd);
  const info = await meta.inspect();
  if (info.shallow) {
    ctx.partial(
      '.',
      'shallow',
      'shallow clone: commits beyond the shallow boundary are not in this repository and were not scanned; `git fetch --unshallow` fetches them',
    );
  }
  const issues = new CappedIssues(ctx);
  const objects = await listObjectsOrTips(opts, info.oidLength, issues);
  // A range's findings are final only once those its base already held are dropped: a library
  // loop gets none before. A whole sweep has no base, so its findings stream as they come.
  ctx.deferFindings = objects.boundary.length > 0;
  const { table, paths } = objects;
  const missingPaths =
    objects.missingCount > 0
      ? await findMissingPaths(opts.cwd, opts.scope, new Set(objects.missing))
      : new Map<string, string>();
  for (let i = 0; i < objects.missingCount; i++) {
    const oid = objects.missing[i];
    const path = oid !== undefined ? missingPaths.get(oid) : undefined;
    issues.error(
      path ?? oid ?? '(more objects)',
      'missing-object',
      `${path !== undefined ? `object ${oid}: ` : ''}git lists this object but cannot read it (corrupt, absent, or not fetched in a partial clone); the scan went on`,
    );
  }
  let headKnown = false;
  if (info.head) {
    try {
      const head = await markHeadTree(opts.cwd, info.head, objects);
      headKnown = true;
      for (const path of head.submodules) {
        ctx.skip(path, 'submodule', 'submodules are not followed; run keysweep history inside the submodule');
      }
    } catch (err) {
      if (!(err instanceof GitError)) throw err;
      issues.error(
        'HEAD',
        'unreadable-tree',
        `the tree at HEAD cannot be read (${err.message}); the history was scanned, but whether a finding is still at HEAD is unknown`,
      );
    }
  }
  const plan = await planReads(opts.cwd, objects);
  ctx.total = plan.blobs;
  ctx.progress();

  // Smaller windows than for files: each window's text is a malloc'ed string in a worker, and
  // with 2 MB the sweep stays well under 300 MB at the same speed. KEYSWEEP_WINDOW_BYTES wins.
  const settings = windowSettings(process.env['KEYSWEEP_WINDOW_BYTES'] ? undefined : HISTORY_WINDOW_BYTES);
  const tags = new Map<string, TagInfo>();
  const locator = new CommitLocator(objects, meta, tags);
  ctx.locate = (findings) => locator.locate(findings);
  const firstSeen = new FirstSeenFilter();
  let lfsPointers = 0;
  const pool = new BlobPool({
    threads: opts.threads ?? workerCount(plan.blobBytes),
    ruleSet: ctx.ruleSet,
    windowBytes: settings.windowBytes,
    apply: (job, result) => {
      // A big blob arrives as several windows: it counts once, with its last.
      const blobDone = !job.window || job.window.last;
      if (blobDone) ctx.stats.blobs++;
      if ('error' in result) issues.error(job.path, 'scan-failed', result.error);
      else if (result.binary) issues.skip(job.path, 'binary');
      else {
        const slot = table.find(job.oid);
        const ordinal = slot >= 0 ? table.a(slot) : 0;
        const atHead = slot >= 0 && (table.flags(slot) & AT_HEAD) !== 0;
        ctx.addMatches(result.matches.filter((m) => firstSeen.keep(m, job.path, ordinal, atHead)));
        if (result.cutLines.length > 0) {
          ctx.partial(
            job.path,
            'too-long-line',
            `blob ${job.oid.slice(0, 12)}: line ${result.cutLines.slice(0, 3).join(', ')} longer than half a window, scanned in overlapping pieces`,
          );
        }
      }
      if (blobDone) ctx.progress();
    },
  });
  // Blobs up to a window come whole; bigger ones in parts, cut into windows here and scanned
  // on any thread, so no thread ever holds more than a window of text.
  const reader = new CatFileReader(opts.cwd, {
    wholeLimit: settings.windowBytes,
    partBytes: settings.windowBytes,
  });
  try {
    const feeding = reader.requestAll(plan.slots.map((slot) => table.oid(slot)));
    let k = 0;
    let big: WindowFeeder | undefined;
    for await (const r of reader.records()) {
      const slot = plan.slots[k];
      if (slot === undefined) throw new InternalError('git cat-file answered more objects than asked');
      const oid = table.oid(slot);
      if (r.oid !== oid) throw new InternalError(`git cat-file answered ${r.oid} where ${oid} was asked`);
      const path = paths.get(table.b(slot));
      if (r.kind === 'missing') {
        issues.error(
          path || oid,
          'missing-object',
          `object ${oid} cannot be read (corrupt or absent); the scan went on`,
        );
      } else if (r.type === 'blob' && r.kind === 'part') {
        big ??= new WindowFeeder(settings);
        for (const w of big.push(r.data, r.last)) {
          await pool.add({ oid, path, window: { cut: w.cut, encoding: w.encoding, last: w.last } }, w.bytes);
        }
        if (!r.last) continue;
        ctx.stats.bytes += r.size;
        if (big.binary) {
          ctx.stats.blobs++;
          issues.skip(path, 'binary');
        }
        big = undefined;
      } else if (r.kind === 'object' && r.type === 'blob') {
        ctx.stats.bytes += r.size;
        if (r.size < 1024 && r.data.toString('latin1', 0, LFS_POINTER.length) === LFS_POINTER) lfsPointers++;
        await pool.add({ oid, path }, r.data);
      } else if (r.kind === 'object' && (r.type === 'commit' || r.type === 'tag')) {
        const text = messageOf(r.data);
        const tag = r.type === 'tag' ? parseTag(oid, r.data) : undefined;
        if (tag) tags.set(oid, tag);
        if (text) {
          const where = tag ? `<tag ${tag.name}>` : '<commit message>';
          ctx.detect({ location: { kind: 'git', path: where, blob: oid }, text, startLine: 1 });
        }
      }
      k++;
    }
    await feeding;
    await pool.drain();
    const failure = await reader.exitError();
    if (k < plan.slots.length) {
      const why = failure ? failure.message : 'git cat-file stopped early';
      for (const slot of plan.slots.slice(k))
        issues.error(paths.get(table.b(slot)) || table.oid(slot), 'unreadable', why);
    } else if (failure) {
      throw failure;
    }
  } finally {
    reader.kill();
    await pool.close();
  }
  issues.finish();
  if (lfsPointers > 0) {
    ctx.partial(
      '(git lfs)',
      'lfs-pointer',
      `${lfsPointers} blob${lfsPointers === 1 ? ' is a Git LFS pointer' : 's are Git LFS pointers'}: the contents live in LFS storage, not in git history, and were not scanned; scan a checkout with \`keysweep scan\``,
    );
  }
  await dropPreExisting(ctx, opts.cwd, objects.boundary, 'the commits before the scanned ones');
  const findings = ctx.collector.findings();
  const blobs = foundBlobs(findings, objects, tags);
  await attributeFindings(findings, objects, meta, {
    headKnown,
    refs: opts.refs,
    tags,
    blobPaths: blobs.length > 0 ? await findBlobPaths(opts.cwd, opts.scope, blobs, objects) : new Map(),
  });
}

/** The blobs (not commit or tag messages) that hold a finding. */
function foundBlobs(
  findings: readonly Finding[],
  objects: HistoryObjects,
  tags: ReadonlyMap<string, TagInfo>,
): string[] {
  const blobs = new Set<string>();
  for (const f of findings) {
    for (const o of f.occurrences) {
      const loc = o.location;
      if (loc.kind !== 'git' || tags.has(loc.blob)) continue;
      const slot = objects.table.find(loc.blob);
      if (slot >= 0 && !(objects.table.flags(slot) & IS_COMMIT)) blobs.add(loc.blob);
    }
  }
  return [...blobs];
}

/**
 * The sweep's objects; when git cannot walk the history (a commit object is missing or corrupt,
 * and rev-list stops before printing anything), the trees of the scope's tips instead, with an
 * error that names the commit: what can be read is scanned, and the scan is marked partial.
 */
async function listObjectsOrTips(
  opts: HistoryScanOptions,
  oidLength: number,
  issues: CappedIssues,
): Promise<HistoryObjects> {
  try {
    return await listHistoryObjects(opts.cwd, opts.scope, oidLength);
  } catch (err) {
    if (!(err instanceof GitError) || !UNREADABLE_COMMIT.test(err.message)) throw err;
    const oid = /\b[0-9a-f]{40}(?:[0-9a-f]{24})?\b/.exec(err.message)?.[0] ?? '(a commit)';
    issues.error(
      oid,
      'missing-commit',
      `commit ${oid} cannot be read (corrupt or absent), so the history behind it cannot be walked; only the trees at the tips were scanned. \`git fsck\` names what is damaged; a fresh clone repairs it`,
    );
    const tips = { options: [...opts.scope.options, '--no-walk'], revisions: opts.scope.revisions };
    // The boundary would be the unreadable commit: nothing to compare against.
    return { ...(await listHistoryObjects(opts.cwd, tips, oidLength)), boundary: [] };
  }
}

/** How rev-list says a commit on its walk cannot be read. */
const UNREADABLE_COMMIT = /could not read|failed to traverse|bad object|unable to (read|parse)|corrupt/i;

/**
 * Worker threads for a sweep: `KEYSWEEP_WORKERS` (a number; 0 scans in-process) as for file
 * scans, else one per core, or none for a small history where starting them costs more.
 */
function workerCount(blobBytes: number): number {
  const env = process.env['KEYSWEEP_WORKERS'];
  if (env !== undefined && env !== '' && env !== 'auto') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 0) {
      throw new ConfigError(`KEYSWEEP_WORKERS: '${env}' is not 'auto' or a whole number`, {
        hint: 'use 0 to scan in-process, or unset it',
      });
    }
    return n;
  }
  return blobBytes > IN_PROCESS_BYTES ? Math.min(availableParallelism(), 4) : 0;
}

/** The message of a commit or tag object: everything after the first blank line. */
function messageOf(data: Buffer): string {
  const end = data.indexOf('\n\n');
  return end === -1 ? '' : data.toString('utf8', end + 2);
}
