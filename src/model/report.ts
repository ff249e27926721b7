import type { Finding } from './finding.js';

/** Something that could not be scanned, or only in part. A partial scan is never silent. */
export interface ScanIssue {
  /** Path (or object) concerned, relative to the scan root. */
  path: string;
  kind: 'skipped' | 'partial' | 'error';
  /** Short machine-readable reason: 'binary', 'unreadable', 'symlink-loop', 'fifo', 'too-long-line', 'invalid-utf8', 'missing-object', 'shallow', 'submodule', ... */
  reason: string;
  detail?: string;
}

/** The `issues` reason of a repository `keysweep sweep` could not clone, update or scan. */
export const SWEEP_FAILED = 'sweep-failed';

export interface ScanStats {
  files: number;
  blobs: number;
  bytes: number;
  /** Files or blobs not scanned, by reason. */
  skipped: Record<string, number>;
  /** Findings not reported, by why: 'baseline', 'allowed' or 'excluded' (.keysweep.yaml). */
  suppressed?: Record<string, number>;
}

export interface RunInfo {
  command: string;
  roots: string[];
  startedAt: string;
  finishedAt: string;
}

export interface Report {
  tool: { name: 'keysweep'; version: string };
  run: RunInfo;
  stats: ScanStats;
  findings: Finding[];
  issues: ScanIssue[];
}

export function emptyStats(): ScanStats {
  return { files: 0, blobs: 0, bytes: 0, skipped: {} };
}
