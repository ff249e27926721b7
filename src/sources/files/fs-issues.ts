import type { Stats } from 'node:fs';
import type { ScanIssue } from '../../model/report.js';

/** File types that are never opened: reading a FIFO blocks, devices never end. */
export type SpecialKind = 'fifo' | 'socket' | 'device';

export function specialKindOf(st: Stats): SpecialKind {
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  return 'device';
}

/**
 * A failed open/read/readdir as report data. Permission problems are errors (the scan is
 * incomplete: exit 3); a file deleted mid-scan or a link loop is a skip with its reason.
 */
export function issueFromError(path: string, err: unknown): ScanIssue {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return { path, kind: 'error', reason: 'unreadable', detail: `permission denied (${code})` };
    case 'ENOENT':
      return { path, kind: 'skipped', reason: 'vanished', detail: 'deleted while the scan ran' };
    case 'ELOOP':
      return { path, kind: 'skipped', reason: 'symlink-loop', detail: 'too many levels of symbolic links' };
    default:
      return {
        path,
        kind: 'error',
        reason: 'unreadable',
        detail: code ?? (err instanceof Error ? err.message : String(err)),
      };
  }
}
