import type { Finding } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { loadCanaryAccounts } from '../rules/canary-accounts.js';
import { loadRules } from '../rules/load-rules.js';
import { ScanContext } from '../scan/scan-context.js';
import { VERSION } from '../version.js';
import { AsyncQueue } from './async-queue.js';

/** Options every library scan takes. */
export interface LibraryScanOptions {
  /** Extra rule folders (one YAML rule per file), as `--patterns`. */
  patterns?: string[];
  /** Extra canary-account list files, as `--canary-accounts`. */
  canaryAccounts?: string[];
  /** A baseline, JSON report or SARIF log: findings it holds are not yielded nor reported. */
  baseline?: string;
}

/**
 * The findings of a scan as they are found, plus the whole report when it ends. Each finding is
 * yielded once, when its credential is first seen; the same object keeps gaining `occurrences`
 * until the scan ends, so read those from `report` (or after the loop) when they matter. A key
 * id or secret seen alone before its pair is yielded alone; `report` folds it into the pair.
 * Any number of loops may iterate one stream, each getting every finding: a loop started late
 * first gets those already found.
 */
export interface FindingStream extends AsyncIterable<Finding> {
  /** Resolves when the scan is over, with stats and the inputs that could not be read. */
  readonly report: Promise<Report>;
}

/**
 * Runs a source into a context and streams new findings out as the source reports progress.
 * Starts at once; nothing is printed and nothing exits: errors reject `report` and the loop.
 */
export function streamScan(
  command: string,
  roots: string[],
  options: LibraryScanOptions,
  produce: (ctx: ScanContext) => Promise<void>,
): FindingStream {
  const queue = new AsyncQueue<Finding>();
  const report = (async (): Promise<Report> => {
    const startedAt = new Date().toISOString();
    let keep = (_f: Finding) => true;
    if (options.baseline) {
      const { readBaseline, isBaselined } = await import('../report/baseline.js');
      const baseline = readBaseline(options.baseline);
      keep = (f) => !isBaselined(f, baseline);
    }
    let sent = 0;
    let yielding = Promise.resolve();
    let locateError: unknown;
    // The collector keeps findings in first-seen order, so the new ones are those past `sent`.
    // A lone key id or secret yielded here before its pair turned up is folded into the pair's
    // finding in `report` (collector.findings()); the stream cannot take it back.
    const drain = () => {
      const all = ctx.collector.seen();
      const batch = all.slice(sent).filter((f) => ctx.collector.holds(f) && keep(f));
      sent = all.length;
      if (batch.length === 0) return;
      // In order, and each batch placed first when the source places findings late (history).
      yielding = yielding
        .then(async () => {
          await ctx.locate?.(batch);
          for (const f of batch) queue.push(f);
        })
        .catch((err: unknown) => {
          locateError ??= err;
        });
    };
    const ctx = new ScanContext(
      loadRules(options.patterns ?? []),
      loadCanaryAccounts(options.canaryAccounts ?? []),
      () => {
        if (!ctx.deferFindings && ctx.collector.seen().length > sent) drain();
      },
    );
    await produce(ctx);
    drain();
    await yielding;
    if (locateError !== undefined) throw locateError;
    const findings = ctx.collector.findings();
    const kept = findings.filter(keep);
    if (kept.length < findings.length) ctx.stats.suppressed = { baseline: findings.length - kept.length };
    return {
      tool: { name: 'keysweep', version: VERSION },
      run: { command, roots, startedAt, finishedAt: new Date().toISOString() },
      stats: ctx.stats,
      findings: kept,
      issues: ctx.issues,
    };
  })();
  report.then(
    () => queue.end(),
    (err: unknown) => queue.fail(err),
  );
  // Handled here so a caller who only iterates (or only awaits) never sees an unhandled rejection.
  report.catch(() => {});
  return { report, [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator]() };
}
