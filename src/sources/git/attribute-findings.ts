import type { Finding, Occurrence } from '../../model/finding.js';
import type { CommitInfo, GitLocation } from '../../model/location.js';
import type { BlobPaths } from './blob-paths.js';
import { AT_HEAD, type HistoryObjects, IS_COMMIT } from './history-objects.js';
import type { RepoMetadata } from './repo-metadata.js';
import type { TagInfo } from './tag-info.js';

export interface AttributeOptions {
  /** HEAD exists, so "still at HEAD" can be answered. */
  headKnown: boolean;
  /** Look up which branches and tags reach each introducing commit. */
  refs: boolean;
  /** Annotated tag objects read by the sweep: a finding in a tag's message belongs to the tag. */
  tags: ReadonlyMap<string, TagInfo>;
  /** Every path of the found blobs, with the commit that first put each there (blob-paths.ts). */
  blobPaths?: BlobPaths;
}

/**
 * Turns what the blob scan found into what a person needs: for each finding, where each path
 * first had it (the commit that introduced the blob, with author and date), whether any blob
 * holding it is in the HEAD tree, and optionally which refs reach it. Blobs were scanned in pack
 * order, so occurrences arrive unordered and one per blob version; here they are put in history
 * order and folded to the first appearance per path (plus the HEAD version, when it differs).
 * A blob committed under several paths gets a place at each, at the commit that put it there.
 */
export async function attributeFindings(
  findings: Finding[],
  objects: HistoryObjects,
  meta: RepoMetadata,
  opts: AttributeOptions,
): Promise<void> {
  const ordinalOf = new Map<string, number>();
  const atHead = new Set<string>();
  for (const f of findings) {
    for (const o of f.occurrences) {
      const loc = o.location;
      if (loc.kind !== 'git' || ordinalOf.has(loc.blob) || opts.tags.has(loc.blob)) continue;
      const slot = objects.table.find(loc.blob);
      if (slot < 0) continue;
      ordinalOf.set(loc.blob, objects.table.a(slot));
      if (objects.table.flags(slot) & AT_HEAD && !(objects.table.flags(slot) & IS_COMMIT))
        atHead.add(loc.blob);
    }
  }
  const blobPaths = opts.blobPaths ?? new Map<string, Map<string, number>>();
  /** The commit that put the blob at this path, else the one that first held the blob. */
  const ordinalAt = (loc: GitLocation): number | undefined =>
    blobPaths.get(loc.blob)?.get(loc.path) ?? ordinalOf.get(loc.blob);
  const order = (o: Occurrence) => (o.location.kind === 'git' ? (ordinalAt(o.location) ?? 0) : 0);
  for (const f of findings) f.occurrences = withEveryPath(f.occurrences, blobPaths);

  const commitsUsed = new Set<number>();
  for (const f of findings) {
    const sorted = [...f.occurrences].sort(
      (a, b) => order(a) - order(b) || a.location.path.localeCompare(b.location.path) || a.line - b.line,
    );
    const firstPerPath = new Map<string, Occurrence>();
    const headPerPath = new Map<string, Occurrence>();
    for (const o of sorted) {
      const path = o.location.path;
      if (!firstPerPath.has(path)) firstPerPath.set(path, o);
      if (o.location.kind === 'git' && atHead.has(o.location.blob)) headPerPath.set(path, o);
    }
    const kept: Occurrence[] = [];
    for (const [path, first] of firstPerPath) {
      kept.push(first);
      const head = headPerPath.get(path);
      if (head && head !== first) kept.push(head);
    }
    f.occurrences = kept;
    if (opts.headKnown)
      f.presentAtHead = kept.some((o) => o.location.kind === 'git' && atHead.has(o.location.blob));
    for (const o of kept) {
      if (o.location.kind === 'git' && ordinalAt(o.location) !== undefined) commitsUsed.add(order(o));
    }
  }

  const oids = [...commitsUsed].sort((a, b) => a - b).map((n) => objects.commits.at(n));
  const infos = oids.length > 0 ? await meta.commitInfos(oids) : new Map<string, CommitInfo>();
  const refsOf = new Map<string, string[]>();
  if (opts.refs) for (const oid of oids) refsOf.set(oid, await meta.refsContaining(oid));

  for (const f of findings) {
    for (const o of f.occurrences) {
      const loc = o.location;
      if (loc.kind !== 'git') continue;
      const tag = opts.tags.get(loc.blob);
      if (tag) {
        // Tagger, date and the tagged commit; the tag itself is the ref that holds it.
        o.location = { ...loc, commit: tag.commit, ...(opts.refs ? { refs: [tag.name] } : {}) };
        continue;
      }
      const n = ordinalAt(loc);
      if (n === undefined) continue;
      const oid = objects.commits.at(n);
      const info = infos.get(oid);
      const located: GitLocation = { ...loc, ...(info ? { commit: info } : {}) };
      const refs = refsOf.get(oid);
      if (refs) located.refs = refs;
      o.location = located;
    }
  }
}

/** The occurrences plus a copy of each git one at every other path its blob had. */
function withEveryPath(occurrences: Occurrence[], blobPaths: BlobPaths): Occurrence[] {
  if (blobPaths.size === 0) return occurrences;
  const out = [...occurrences];
  const have = new Set(
    occurrences.map((o) => `${o.location.kind === 'git' ? o.location.blob : ''}\0${o.location.path}`),
  );
  for (const o of occurrences) {
    const loc = o.location;
    if (loc.kind !== 'git') continue;
    for (const path of blobPaths.get(loc.blob)?.keys() ?? []) {
      const key = `${loc.blob}\0${path}`;
      if (have.has(key)) continue;
      have.add(key);
      out.push({ ...o, location: { kind: 'git', path, blob: loc.blob } });
    }
  }
  return out;
}
