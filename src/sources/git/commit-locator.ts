import type { Finding } from '../../model/finding.js';
import type { CommitInfo } from '../../model/location.js';
import type { HistoryObjects } from './history-objects.js';
import type { RepoMetadata } from './repo-metadata.js';

/**
 * Places findings at a commit while the sweep is still running, so a library loop sees
 * `location.commit` on what it is given: each git occurrence gets the commit that introduced its
 * blob (known from the object listing; author and date looked up once per commit). Blobs are
 * read in pack order, so an older commit may turn up later: attributeFindings puts every place
 * in history order when the sweep ends.
 */
export class CommitLocator {
  readonly #objects: HistoryObjects;
  readonly #meta: RepoMetadata;
  /** Annotated tags whose messages were scanned: they belong to no commit. */
  readonly #tagOids: Pick<ReadonlySet<string>, 'has'>;
  readonly #infos = new Map<string, CommitInfo | undefined>();

  constructor(objects: HistoryObjects, meta: RepoMetadata, tagOids: Pick<ReadonlySet<string>, 'has'>) {
    this.#objects = objects;
    this.#meta = meta;
    this.#tagOids = tagOids;
  }

  async locate(findings: readonly Finding[]): Promise<void> {
    const commitOf = (blob: string): string | undefined => {
      if (this.#tagOids.has(blob)) return undefined;
      const slot = this.#objects.table.find(blob);
      return slot < 0 ? undefined : this.#objects.commits.at(this.#objects.table.a(slot));
    };
    const unknown = new Set<string>();
    for (const f of findings) {
      for (const o of f.occurrences) {
        if (o.location.kind !== 'git' || o.location.commit) continue;
        const oid = commitOf(o.location.blob);
        if (oid !== undefined && !this.#infos.has(oid)) unknown.add(oid);
      }
    }
    if (unknown.size > 0) {
      const found = await this.#meta.commitInfos([...unknown]);
      for (const oid of unknown) this.#infos.set(oid, found.get(oid));
    }
    for (const f of findings) {
      for (const o of f.occurrences) {
        const loc = o.location;
        if (loc.kind !== 'git' || loc.commit) continue;
        const oid = commitOf(loc.blob);
        const info = oid === undefined ? undefined : this.#infos.get(oid);
        // A new object: the location may be shared with other matches of the same blob.
        if (info) o.location = { ...loc, commit: info };
      }
    }
  }
}
