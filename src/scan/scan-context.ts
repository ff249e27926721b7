import { detectChunk } from '../detect/detect-chunk.js';
import { FindingCollector } from '../detect/finding-collector.js';
import type { Match } from '../detect/pairing.js';
import type { Chunk } from '../model/chunk.js';
import type { Finding } from '../model/finding.js';
import { emptyStats, type ScanIssue, type ScanStats } from '../model/report.js';
import type { RuleSet } from '../rules/rule.js';

export interface ScanProgress {
  files: number;
  blobs: number;
  bytes: number;
  findings: number;
  /** Known total of items (blobs in a history sweep), when a source knows it. */
  total?: number;
}

/**
 * What every source feeds: the rules to apply, the collector that folds matches into findings,
 * the counters, and the list of what could not be read. Sources decide how to produce chunks
 * (in-process or in worker threads); this object is the one place their results land.
 */
export class ScanContext {
  readonly ruleSet: RuleSet;
  readonly collector: FindingCollector;
  readonly stats: ScanStats = emptyStats();
  readonly issues: ScanIssue[] = [];
  total: number | undefined;
  /**
   * Set by a source whose findings learn their place after they are found (history: the commit
   * of each blob). The library stream awaits it before yielding a finding; the CLI, which
   * reports only at the end, never calls it.
   */
  locate: ((findings: readonly Finding[]) => Promise<void>) | undefined;
  /** Set by a source that may still drop or re-place findings once its scan ends: stream none before. */
  deferFindings = false;
  readonly #onProgress: ((p: ScanProgress) => void) | undefined;

  constructor(ruleSet: RuleSet, canaryAccounts: ReadonlySet<string>, onProgress?: (p: ScanProgress) => void) {
    this.ruleSet = ruleSet;
    this.collector = new FindingCollector(canaryAccounts);
    this.#onProgress = onProgress;
  }

  /** Runs detection on one chunk in-process and records its matches. */
  detect(chunk: Chunk): Match[] {
    const matches = detectChunk(chunk, this.ruleSet);
    for (const m of matches) this.collector.add(m);
    return matches;
  }

  addMatches(matches: Iterable<Match>): void {
    for (const m of matches) this.collector.add(m);
  }

  skip(path: string, reason: string, detail?: string): void {
    this.stats.skipped[reason] = (this.stats.skipped[reason] ?? 0) + 1;
    this.issues.push({ path, kind: 'skipped', reason, ...(detail ? { detail } : {}) });
  }

  partial(path: string, reason: string, detail?: string): void {
    this.issues.push({ path, kind: 'partial', reason, ...(detail ? { detail } : {}) });
  }

  error(path: string, reason: string, detail?: string): void {
    this.issues.push({ path, kind: 'error', reason, ...(detail ? { detail } : {}) });
  }

  /** `inFlightBytes`: bytes scanned but not yet counted in the stats (a big file part-way through). */
  progress(inFlightBytes = 0): void {
    this.#onProgress?.({
      files: this.stats.files,
      blobs: this.stats.blobs,
      bytes: this.stats.bytes + inFlightBytes,
      findings: this.collector.size,
      ...(this.total !== undefined ? { total: this.total } : {}),
    });
  }
}
