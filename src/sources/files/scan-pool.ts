import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Match } from '../../detect/pairing.js';
import { ConfigError } from '../../model/errors.js';
import type { ScanIssue } from '../../model/report.js';
import type { WindowSettings } from '../text-windows.js';
import type { BatchOutcome } from './file-scanner.js';
import { fromWire, type WireMatch } from './match-transfer.js';

export interface WorkerInit {
  patternDirs: string[];
  settings: WindowSettings;
}

/**
 * Files to scan, as [absolute path, reported path]. A path held as bytes (a name that is not
 * UTF-8) reaches a worker as a Uint8Array: structured clone does not keep Buffers.
 */
export type FileList = [abs: string | Uint8Array, path: string][];

export interface BatchRequest {
  seq: number;
  files: FileList;
}

export interface BatchReply {
  seq: number;
  outcome: BatchOutcome<WireMatch>;
}

/** Sent while a worker reads a big file: bytes of its current batch scanned so far. */
export interface BatchProgress {
  progress: number;
}

// Measured on an 830 MB node_modules-like tree: 4 MB windows never needed more than 48 MB of
// old generation. The young generation holds the many small objects of reading by spots: at
// 16 MB it is collected a quarter as often as at 4 MB (5% of the scan's time), for ~14 MB RSS.
const OLD_GEN_MB_MIN = 48;
const OLD_GEN_MB_PER_WINDOW_MB = 12;
const YOUNG_GEN_MB = 16;

/** Batches each worker holds at once: one being scanned, one queued, so it never waits on us. */
const IN_FLIGHT = 3;

// The compiled worker sits beside this module in dist/. Under a TypeScript test runner this
// module is the .ts source and no worker script exists: the caller then scans in-process.
const WORKER_URL = new URL('./scan-worker.js', import.meta.url);

/**
 * A pool of worker threads scanning batches of files. Outcomes are applied in the order the
 * batches were taken, whichever worker finishes first, so a scan's report does not depend on
 * thread timing.
 */
export class ScanPool {
  readonly #size: number;
  readonly #init: WorkerInit;
  readonly #workers = new Set<Worker>();
  /** Workers started beyond the first ones, after a crash; bounded so a bug cannot spin. */
  #respawns = 0;

  static available(): boolean {
    return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
  }

  readonly #retryInProcess: (files: FileList) => BatchOutcome<Match>;

  /** `retryInProcess` scans the files of a batch whose worker died, on the calling thread. */
  constructor(size: number, init: WorkerInit, retryInProcess: (files: FileList) => BatchOutcome<Match>) {
    this.#size = size;
    this.#init = init;
    this.#retryInProcess = retryInProcess;
  }

  #retry(files: FileList, why: string): BatchOutcome<Match> {
    try {
      return this.#retryInProcess(files);
    } catch (err) {
      return failedOutcome(files, `${why}; then ${(err as Error).message}`);
    }
  }

  /**
   * Pulls batches from `next` until it returns undefined, and hands each outcome to `apply` in
   * batch order. The batches of a worker that dies are scanned again on this thread, and the
   * worker is replaced; if workers keep dying, the rest of the scan runs on this thread. Only a
   * file that fails there too is reported, as an error ('scan-failed'). `progress` hears the
   * bytes that workers have scanned in batches not yet handed to `apply`.
   */
  run(
    next: () => { files: FileList; walkIssues: ScanIssue[] } | undefined,
    apply: (outcome: BatchOutcome<Match>) => void,
    progress: (inFlightBytes: number) => void = () => {},
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const inFlight = new Map<Worker, number>();
      let seq = 0;
      let applied = 0;
      let exhausted = false;
      let failed = false;
      const done = new Map<number, BatchOutcome<Match>>();
      const walkIssues = new Map<number, ScanIssue[]>();
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        void this.close();
        reject(err);
      };

      const deliver = (s: number, outcome: BatchOutcome<Match>) => {
        done.set(s, outcome);
        for (let o = done.get(applied); o !== undefined; o = done.get(applied)) {
          done.delete(applied);
          const early = walkIssues.get(applied) ?? [];
          walkIssues.delete(applied);
          applied++;
          try {
            apply(early.length > 0 ? { ...o, issues: [...early, ...o.issues] } : o);
          } catch (err) {
            fail(err);
            return;
          }
        }
      };
      const finishIfDone = () => {
        if (!failed && exhausted && applied === seq) resolve();
      };

      const feed = (worker: Worker, held: Map<number, FileList>) => {
        try {
          while (!exhausted && held.size < IN_FLIGHT) {
            const batch = next();
            if (!batch) {
              exhausted = true;
              break;
            }
            const s = seq++;
            walkIssues.set(s, batch.walkIssues);
            if (batch.files.length === 0) {
              deliver(s, { files: 0, bytes: 0, issues: [], matches: [] });
              continue;
            }
            held.set(s, batch.files);
            const req: BatchRequest = { seq: s, files: batch.files };
            worker.postMessage(req);
          }
        } catch (err) {
          fail(err);
          return;
        }
        finishIfDone();
      };

      const drainHere = () => {
        try {
          for (let batch = next(); batch; batch = next()) {
            const s = seq++;
            walkIssues.set(s, batch.walkIssues);
            deliver(s, this.#retry(batch.files, 'scanned on the main thread'));
          }
          exhausted = true;
        } catch (err) {
          fail(err);
        }
      };

      const start = () => {
        const worker = new Worker(WORKER_URL, {
          workerData: this.#init,
          resourceLimits: heapLimits(this.#init.settings.windowBytes),
        });
        const held = new Map<number, FileList>();
        this.#workers.add(worker);
        worker.on('message', (reply: BatchReply | BatchProgress) => {
          if ('progress' in reply) {
            inFlight.set(worker, reply.progress);
            progress(sum(inFlight.values()));
            return;
          }
          inFlight.delete(worker);
          held.delete(reply.seq);
          deliver(reply.seq, { ...reply.outcome, matches: reply.outcome.matches.map(fromWire) });
          feed(worker, held);
        });
        const lost = (why: string) => {
          if (!this.#workers.delete(worker)) return;
          inFlight.delete(worker);
          // Most likely one file's window outgrew the worker's capped heap: scan those files
          // again here, where the heap is not capped, rather than lose them.
          for (const [s, files] of held) deliver(s, this.#retry(files, why));
          held.clear();
          if (failed) return;
          if (this.#respawns < this.#size * 2) {
            this.#respawns++;
            start();
          } else if (this.#workers.size === 0) {
            // Threads keep dying (a heap too small for the rules, a platform limit): finish
            // the scan on this thread rather than give up on it.
            drainHere();
          }
          finishIfDone();
        };
        worker.on('error', (err) => lost(err.message));
        worker.on('exit', (code) => lost(`worker exited with code ${code}`));
        feed(worker, held);
      };

      for (let i = 0; i < this.#size; i++) start();
    });
  }

  async close(): Promise<void> {
    const workers = [...this.#workers];
    this.#workers.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Each worker's heap is capped: V8 grows an uncapped heap lazily (to hundreds of MB while
 * scanning big files), and peak memory must stay flat. The cap scales with the window size,
 * which bounds what one window's detection holds.
 */
export function heapLimits(windowBytes: number): {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
} {
  const windowMb = Math.ceil(windowBytes / (1024 * 1024));
  return {
    maxOldGenerationSizeMb: heapOverride() ?? Math.max(OLD_GEN_MB_MIN, windowMb * OLD_GEN_MB_PER_WINDOW_MB),
    maxYoungGenerationSizeMb: YOUNG_GEN_MB,
  };
}

/** `KEYSWEEP_WORKER_HEAP_MB`: a tuning knob for machines with little memory, or huge windows. */
function heapOverride(): number | undefined {
  const env = process.env['KEYSWEEP_WORKER_HEAP_MB'];
  if (env === undefined || env === '') return undefined;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError(`KEYSWEEP_WORKER_HEAP_MB: '${env}' is not a whole number of megabytes`, {
      hint: 'unset it to let keysweep size worker heaps from the window size',
    });
  }
  return n;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function failedOutcome(files: FileList, why: string): BatchOutcome<Match> {
  return {
    files: 0,
    bytes: 0,
    issues: files.map(([, path]) => ({ path, kind: 'error', reason: 'scan-failed', detail: why })),
    matches: [],
  };
}
