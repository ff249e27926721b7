import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { Match } from '../../detect/pairing.js';
import type { ScanIssue } from '../../model/report.js';
import type { RuleSet } from '../../rules/rule.js';
import type { ScanContext } from '../../scan/scan-context.js';
import { asBuffer, SNIFF_BYTES, sniffEncoding } from '../decode-bytes.js';
import type { WindowSettings } from '../text-windows.js';
import { WindowScan } from '../window-scan.js';
import { issueFromError } from './fs-issues.js';

/** The first read of a file: most files fit, and are read whole by it (the sniff needs 8 KB). */
const FIRST_READ_BYTES = 64 * 1024;

/** How often, at most, a big file being read window by window reports its progress. */
const PROGRESS_MS = 100;

/** What scanning some files produced; the same shape in-process and from a worker thread. */
export interface BatchOutcome<M> {
  /** Files read and scanned as text. */
  files: number;
  bytes: number;
  issues: ScanIssue[];
  matches: M[];
}

export function emptyOutcome<M>(): BatchOutcome<M> {
  return { files: 0, bytes: 0, issues: [], matches: [] };
}

/** Records an outcome in the scan context: counters, issues (skips counted by reason), matches. */
export function applyOutcome(ctx: ScanContext, outcome: BatchOutcome<Match>): void {
  ctx.stats.files += outcome.files;
  ctx.stats.bytes += outcome.bytes;
  for (const i of outcome.issues) {
    if (i.kind === 'skipped') ctx.skip(i.path, i.reason, i.detail);
    else if (i.kind === 'partial') ctx.partial(i.path, i.reason, i.detail);
    else ctx.error(i.path, i.reason, i.detail);
  }
  ctx.addMatches(outcome.matches);
}

/**
 * Reads, decodes and scans one file at a time through one reusable window-sized buffer, so
 * memory does not grow with file size: files up to the window size are read whole, bigger ones
 * window by window with positional reads. Used in-process and inside each worker thread.
 */
export class FileScanner {
  readonly #ruleSet: RuleSet;
  readonly #settings: WindowSettings;
  readonly #onProgress: ((batchBytes: number) => void) | undefined;
  #lastProgress = 0;
  #buf: Buffer | undefined;

  /**
   * `onProgress` hears, while a big file is read, how many bytes of the current batch (the
   * `out` passed to `scan`) have been scanned so far, at most every 100 ms: one file can take
   * minutes, and a spinner that only counts finished files would stand still.
   */
  constructor(ruleSet: RuleSet, settings: WindowSettings, onProgress?: (batchBytes: number) => void) {
    this.#ruleSet = ruleSet;
    this.#settings = settings;
    this.#onProgress = onProgress;
  }

  /** `abs` is a string, or the path's bytes when a name in it is not valid UTF-8. */
  scan(abs: string | Uint8Array, path: string, out: BatchOutcome<Match>): void {
    let fd: number;
    try {
      const p = typeof abs === 'string' ? abs : asBuffer(abs);
      // O_NONBLOCK: if a FIFO took the file's place since the walk, opening it must not hang.
      fd = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (err) {
      out.issues.push(issueFromError(path, err));
      return;
    }
    try {
      this.#scanOpen(fd, path, out);
    } catch (err) {
      out.issues.push(issueFromError(path, err));
    } finally {
      closeSync(fd);
    }
  }

  // No fstat: the walk already knows this is a regular file, and Node 20 builds four Date
  // objects for every Stats (measured: a tenth of the pipeline's CPU on a 48k-file tree).
  #scanOpen(fd: number, path: string, out: BatchOutcome<Match>): void {
    const w = this.#settings.windowBytes;
    this.#buf ??= Buffer.allocUnsafeSlow(w);
    const buf = this.#buf;
    // Sniff the head before reading on: a binary (a native module, an image) is not read further.
    let { n, end } = readInto(fd, buf, 0, Math.min(FIRST_READ_BYTES, w), 0);
    const sniffed = sniffEncoding(buf.subarray(0, Math.min(n, SNIFF_BYTES)));
    if (sniffed.kind === 'binary') {
      out.issues.push({ path, kind: 'skipped', reason: 'binary' });
      return;
    }
    if (!end) {
      const more = readInto(fd, buf, n, w - n, n);
      n += more.n;
      end = more.end;
    }
    const scan = new WindowScan(
      this.#ruleSet,
      { kind: 'file', path },
      sniffed.encoding,
      this.#settings,
      (ms) => {
        for (const m of ms) out.matches.push(m);
      },
    );
    let pos = 0;
    let start = sniffed.bomLength;
    for (;;) {
      const next = scan.feed(buf.subarray(start, n), end);
      if (end) break;
      pos += start + next;
      start = 0;
      this.#progress(out.bytes + pos);
      ({ n, end } = readInto(fd, buf, 0, w, pos));
    }
    out.files++;
    out.bytes += pos + n;
    for (const i of scan.issues()) out.issues.push(i);
  }

  #progress(batchBytes: number): void {
    if (!this.#onProgress) return;
    const now = Date.now();
    if (now - this.#lastProgress < PROGRESS_MS) return;
    this.#lastProgress = now;
    this.#onProgress(batchBytes);
  }
}

/**
 * Reads up to `length` bytes at file offset `pos` into `buf` at `offset`. `end` is set when a
 * read returned nothing: the file ends within these bytes. (Stopping at the first short read
 * instead saved nothing measurable, and a network or FUSE file system may return one early.)
 */
function readInto(
  fd: number,
  buf: Buffer,
  offset: number,
  length: number,
  pos: number,
): { n: number; end: boolean } {
  let n = 0;
  while (n < length) {
    const r = readSync(fd, buf, offset + n, length - n, pos + n);
    if (r === 0) return { n, end: true };
    n += r;
  }
  return { n, end: false };
}
