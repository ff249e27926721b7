import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Match } from '../../detect/pairing.js';
import { ConfigError } from '../../model/errors.js';
import type { ScanIssue } from '../../model/report.js';
import type { ScanContext } from '../../scan/scan-context.js';
import { type WindowSettings, windowSettings } from '../text-windows.js';
import { applyOutcome, type BatchOutcome, emptyOutcome, FileScanner } from './file-scanner.js';
import { type FileList, ScanPool } from './scan-pool.js';
import { type FsPath, resolveRoots, type WalkItem, walkTree } from './walk-tree.js';

export interface FileScanOptions {
  /** gitignore-style globs to skip (matched against paths relative to the root, and as reported). */
  exclude?: string[];
  /** Do not read .gitignore files. */
  noIgnore?: boolean;
  /**
   * Worker threads: 'auto' (default) uses one per core for big scans and none for small ones;
   * a number forces a pool of that size; 0 scans in-process. `KEYSWEEP_WORKERS` sets the default.
   */
  workers?: number | 'auto';
  /** The user's extra rule folders, so each worker loads the same rules. */
  patternDirs?: string[];
  /** Window size for big files (default 8 MB, or `KEYSWEEP_WINDOW_BYTES`). */
  windowBytes?: number;
}

/**
 * Below both of these a scan stays in-process: starting worker threads and loading the rules in
 * each costs more than it saves, and a small scan must feel instant.
 */
const SMALL_SCAN_FILES = 200;
const SMALL_SCAN_BYTES = 16 * 1024 * 1024;
/** Files per batch sent to a worker: enough to amortise a message, few enough to balance. */
const BATCH_FILES = 64;
/** In-process scans yield to the event loop this often so a progress spinner keeps turning. */
const YIELD_MS = 100;

/**
 * Scans folder trees and files (`keysweep scan PATH...`) into `ctx`. Paths in the report are
 * relative to the root when one folder is scanned, else prefixed with the root as given.
 * Throws a UsageError (before reading anything) if a root does not exist; every per-file
 * problem is an issue in `ctx` and the scan goes on.
 */
export async function scanFileTree(
  roots: string[],
  options: FileScanOptions,
  ctx: ScanContext,
): Promise<void> {
  const resolved = resolveRoots(roots.length > 0 ? roots : ['.']);
  const settings = windowSettings(options.windowBytes);
  const walk = walkTree(resolved, {
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.noIgnore ? { noIgnore: true } : {}),
  });
  const workers = workerSetting(options.workers);
  if (workers === 0 || !ScanPool.available()) return scanInProcess(walk, [], ctx, settings);

  let size = workers === 'auto' ? availableParallelism() : workers;
  const head: WalkItem[] = [];
  if (workers === 'auto') {
    if (size < 2) return scanInProcess(walk, [], ctx, settings);
    let files = 0;
    let bytes = 0;
    for (;;) {
      const r = walk.next();
      if (r.done) return scanInProcess(walk, head, ctx, settings);
      head.push(r.value);
      if (r.value.type !== 'file') continue;
      files++;
      bytes += sizeOf(r.value.abs);
      if (files >= SMALL_SCAN_FILES || bytes >= SMALL_SCAN_BYTES) break;
    }
  }
  size = Math.max(1, size);
  const retry = new FileScanner(ctx.ruleSet, settings);
  const pool = new ScanPool(size, { patternDirs: options.patternDirs ?? [], settings }, (files) => {
    const out: BatchOutcome<Match> = emptyOutcome();
    for (const [abs, path] of files) retry.scan(abs, path, out);
    return out;
  });
  const items = chain(head, walk);
  try {
    await pool.run(
      () => nextBatch(items),
      (outcome) => {
        applyOutcome(ctx, outcome);
        ctx.progress();
      },
      (inFlightBytes) => ctx.progress(inFlightBytes),
    );
  } finally {
    await pool.close();
  }
}

async function scanInProcess(
  walk: Iterator<WalkItem>,
  head: WalkItem[],
  ctx: ScanContext,
  settings: WindowSettings,
): Promise<void> {
  const scanner = new FileScanner(ctx.ruleSet, settings, (bytes) => ctx.progress(bytes));
  let lastYield = Date.now();
  for (const item of chain(head, walk)) {
    const out: BatchOutcome<Match> = emptyOutcome();
    if (item.type === 'issue') out.issues.push(item.issue);
    else scanner.scan(item.abs, item.path, out);
    applyOutcome(ctx, out);
    if (Date.now() - lastYield >= YIELD_MS) {
      ctx.progress();
      await new Promise((r) => setImmediate(r));
      lastYield = Date.now();
    }
  }
  ctx.progress();
}

function nextBatch(items: Iterator<WalkItem>): { files: FileList; walkIssues: ScanIssue[] } | undefined {
  const files: FileList = [];
  const walkIssues: ScanIssue[] = [];
  while (files.length < BATCH_FILES) {
    const r = items.next();
    if (r.done) break;
    if (r.value.type === 'file') files.push([r.value.abs, r.value.path]);
    else walkIssues.push(r.value.issue);
  }
  return files.length === 0 && walkIssues.length === 0 ? undefined : { files, walkIssues };
}

function* chain<T>(head: T[], rest: Iterator<T>): Generator<T> {
  yield* head;
  for (let r = rest.next(); !r.done; r = rest.next()) yield r.value;
}

function sizeOf(abs: FsPath): number {
  try {
    return statSync(abs).size;
  } catch {
    return 0;
  }
}

function workerSetting(option: number | 'auto' | undefined): number | 'auto' {
  if (option !== undefined) return option === 'auto' ? option : Math.max(0, Math.floor(option));
  const env = process.env['KEYSWEEP_WORKERS'];
  if (env === undefined || env === '' || env === 'auto') return 'auto';
  const n = Number(env);
  if (!Number.isInteger(n) || n < 0) {
    throw new ConfigError(`KEYSWEEP_WORKERS: '${env}' is not 'auto' or a whole number`, {
      hint: 'use 0 to scan in-process, or unset it',
    });
  }
  return n;
}
