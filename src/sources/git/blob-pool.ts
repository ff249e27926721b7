import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Match } from '../../detect/pairing.js';
import type { RuleSet } from '../../rules/rule.js';
import { fromWire, type WireMatch } from '../files/match-transfer.js';
import { scanBlob } from './scan-blob.js';

export interface BlobJob {
  oid: string;
  path: string;
}

export type BlobResult = { binary: true } | { binary: false; matches: Match[] };

/** What a worker is sent: blobs packed into one transferred buffer. */
export interface BlobBatch {
  seq: number;
  buffer: ArrayBuffer;
  items: (BlobJob & { start: number; end: number })[];
}

export interface BlobBatchReply {
  seq: number;
  results: ({ binary: true } | { binary: false; matches: WireMatch[] })[];
}

export interface BlobPoolOptions {
  /** Worker threads; 0 scans in-process. */
  threads: number;
  /** The compiled rules; workers get a structured clone (regexes and sets clone whole). */
  ruleSet: RuleSet;
  /** Called once per blob, in the order the blobs were added. */
  apply: (job: BlobJob, result: BlobResult | { error: string }) => void;
}

const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_ITEMS = 512;
/** Batches each worker holds: one being scanned, one waiting, so it never idles on us. */
const IN_FLIGHT = 2;

const WORKER_URL = new URL('./blob-worker.js', import.meta.url);

/**
 * Scans history blobs on worker threads while the main thread keeps reading git's output. Blob
 * bytes are copied once into a batch buffer that is transferred, not cloned. Results are applied
 * in the order blobs were added, whichever worker finishes first, so a report never depends on
 * thread timing. `add` waits while every worker is busy, which pauses reading from git: memory
 * stays at a few batches however big the history.
 */
export class BlobPool {
  readonly #opts: BlobPoolOptions;
  readonly #workers: { worker: Worker; held: Map<number, BlobBatch> }[] = [];
  readonly #done = new Map<number, BlobBatchReply['results'] | { error: string; count: number }>();
  readonly #jobs = new Map<number, BlobJob[]>();
  #seq = 0;
  #applied = 0;
  #batch: { buffer: Uint8Array; fill: number; items: BlobBatch['items'] } | undefined;
  #wake: (() => void) | undefined;
  #respawns = 0;
  #fatal: Error | undefined;

  static available(): boolean {
    return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
  }

  constructor(opts: BlobPoolOptions) {
    this.#opts = opts;
    const threads = BlobPool.available() && cloneable(opts.ruleSet) ? opts.threads : 0;
    for (let i = 0; i < threads; i++) this.#start();
  }

  async add(job: BlobJob, bytes: Uint8Array): Promise<void> {
    if (this.#fatal) throw this.#fatal;
    if (this.#workers.length === 0) {
      const r = scanBlob(bytes, { kind: 'git', path: job.path, blob: job.oid }, this.#opts.ruleSet);
      this.#opts.apply(job, r === 'binary' ? { binary: true } : { binary: false, matches: r });
      return;
    }
    let batch = this.#batch;
    if (batch && (batch.fill + bytes.length > batch.buffer.length || batch.items.length >= BATCH_ITEMS)) {
      await this.#dispatch();
      batch = undefined;
    }
    if (!batch) {
      batch = { buffer: new Uint8Array(Math.max(BATCH_BYTES, bytes.length)), fill: 0, items: [] };
      this.#batch = batch;
    }
    batch.buffer.set(bytes, batch.fill);
    batch.items.push({ ...job, start: batch.fill, end: batch.fill + bytes.length });
    batch.fill += bytes.length;
  }

  /** Sends what is batched, waits for every result, and applies them. */
  async drain(): Promise<void> {
    if (this.#batch) await this.#dispatch();
    while (this.#applied < this.#seq) {
      if (this.#fatal) throw this.#fatal;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    if (this.#fatal) throw this.#fatal;
  }

  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  async #dispatch(): Promise<void> {
    const batch = this.#batch;
    this.#batch = undefined;
    if (!batch || batch.items.length === 0) return;
    for (;;) {
      if (this.#fatal) throw this.#fatal;
      const free = this.#workers
        .filter((w) => w.held.size < IN_FLIGHT)
        .sort((a, b) => a.held.size - b.held.size)[0];
      if (free) {
        const seq = this.#seq++;
        // A fresh buffer of exactly the filled size: the only copy, and it is transferred.
        const buffer = batch.buffer.slice(0, batch.fill).buffer;
        const message: BlobBatch = { seq, buffer, items: batch.items };
        free.held.set(seq, message);
        this.#jobs.set(
          seq,
          batch.items.map(({ oid, path }) => ({ oid, path })),
        );
        free.worker.postMessage(message, [buffer]);
        return;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #start(): void {
    const worker = new Worker(WORKER_URL, { workerData: { ruleSet: this.#opts.ruleSet } });
    const entry = { worker, held: new Map<number, BlobBatch>() };
    this.#workers.push(entry);
    worker.on('message', (reply: BlobBatchReply) => {
      entry.held.delete(reply.seq);
      this.#deliver(reply.seq, reply.results);
    });
    const lost = (why: string) => {
      const i = this.#workers.indexOf(entry);
      if (i === -1) return;
      this.#workers.splice(i, 1);
      for (const [seq, batch] of entry.held) this.#deliver(seq, { error: why, count: batch.items.length });
      entry.held.clear();
      if (this.#respawns < 4) {
        this.#respawns++;
        this.#start();
      } else if (this.#workers.length === 0) {
        this.#fatal = new Error(`history scan worker threads keep failing (${why})`);
      }
      this.#wakeUp();
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`worker exited with code ${code}`));
  }

  #deliver(seq: number, results: BlobBatchReply['results'] | { error: string; count: number }): void {
    this.#done.set(seq, results);
    for (let r = this.#done.get(this.#applied); r !== undefined; r = this.#done.get(this.#applied)) {
      const jobs = this.#jobs.get(this.#applied) ?? [];
      this.#done.delete(this.#applied);
      this.#jobs.delete(this.#applied);
      this.#applied++;
      for (const [i, job] of jobs.entries()) {
        if ('error' in r) {
          this.#opts.apply(job, { error: r.error });
          continue;
        }
        const one = r[i];
        if (!one) this.#opts.apply(job, { error: 'no result from the worker' });
        else
          this.#opts.apply(
            job,
            one.binary ? { binary: true } : { binary: false, matches: one.matches.map(fromWire) },
          );
      }
    }
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/** Rules that cannot be cloned into a worker (a future field holding a function) are scanned in-process. */
function cloneable(ruleSet: RuleSet): boolean {
  try {
    structuredClone(ruleSet);
    return true;
  } catch {
    return false;
  }
}
