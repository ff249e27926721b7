import { type FindingStream, type LibraryScanOptions, streamScan } from './scan-stream.js';

export interface ScanHistoryOptions extends LibraryScanOptions {
  /** The repository (any folder inside it, or a bare repository); default: the current folder. */
  cwd?: string;
  /** `BASE..HEAD`: only what these commits introduce (merges included). */
  range?: string;
  /** One branch, tag or commit and its ancestors instead of all refs. */
  branch?: string;
  /** Only what commits since this date introduce (any date git understands). */
  since?: string;
  /** Also name the branches and tags that reach each finding's commit. */
  refs?: boolean;
}

/**
 * Sweeps git history: every blob, commit message and tag message of all refs (or the range),
 * each unique object scanned once, each finding placed at the commit that introduced it.
 *
 * ```ts
 * for await (const f of scanHistory({ cwd: '/src/repo' })) {
 *   const o = f.occurrences[0];
 *   if (o?.location.kind === 'git') console.log(f.keyId, o.location.commit?.sha, o.location.path);
 * }
 * ```
 * Each finding is yielded as soon as it is found, already placed at a commit: every git
 * occurrence it has when it is queued carries `location.commit` (sha, author, email, date), the
 * commit that introduced the blob (or, for a commit message, that commit; annotated tag
 * messages have none). The same object keeps gaining places while the scan reads on, and those
 * get their commit only in the report. Objects are read in pack order, not history order, so an
 * older commit holding the same credential may turn up later: `await stream.report` has every
 * place, in history order, the first-seen commit first.
 */
export function scanHistory(options: ScanHistoryOptions = {}): FindingStream {
  const cwd = options.cwd ?? process.cwd();
  const roots = [options.range ?? options.branch ?? '--all'];
  return streamScan('history', roots, options, async (ctx) => {
    const [{ RepoMetadata }, { resolveHistoryScope }, source] = await Promise.all([
      import('../sources/git/repo-metadata.js'),
      import('../sources/git/history-scope.js'),
      import('../sources/git/history-source.js'),
    ]);
    const meta = new RepoMetadata(cwd);
    const info = await meta.inspect();
    const scope = await resolveHistoryScope(
      meta,
      {
        ...(options.range !== undefined ? { range: options.range } : {}),
        ...(options.branch !== undefined ? { branch: options.branch } : {}),
        ...(options.since !== undefined ? { since: options.since } : {}),
      },
      info.shallow,
    );
    await source.scanHistory(ctx, { cwd, scope, refs: options.refs === true });
  });
}
