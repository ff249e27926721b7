import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RuleSet } from '../../rules/rule.js';
import { fromWire, type WireMatch } from '../files/match-transfer.js';
import { type BlobJob, type BlobScan, scanBlobJob } from './scan-blob.js';

export type { BlobJob };

/** What a worker is sent: jobs whose bytes sit in one slot of the worker's shared memory. */
export interface BlobBatch {
  seq: number;
  slot: number;
  items: { job: BlobJob; start: number; end: number }[];
}

export interface BlobBatchReply {
  seq: number;
  results: ({ binary: true } | { binary: false; matches: WireMatch[]; cutLines: number[] })[];
}

export interface BlobWorkerData {
  ruleSet: RuleSet;
  memory: SharedArrayBuffer;
  slotBytes: number;
}

export interface BlobPoolOptions {
  /** Worker threads; 0 scans in-process. */
  threads: number;
  /** The compiled rules; workers get a structured clone (regexes and sets clone whole). */
  ruleSet: RuleSet;
  /** The largest job (a whole blob or one window), in bytes. */
  maxJobBytes: number;
  /** Called once per job (a blob or a window of one), in the order they were added. */
  apply: (job: BlobJob, result: BlobScan | { error: string }) => void;
}

const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_ITEMS = 512;
/** Slots per worker: one batch being scanned, one being filled or waiting, so it never idles. */
const SLOTS = 2;
const WORKER_URL = new URL('./blob-worker.js', import.meta.url);
const WORKER_OLD_HEAP_MB = 128;
const WORKER_YOUNG_HEAP_MB = 6;

interface PoolWorker {
  worker: Worker;
  memory: Buffer;
  /** Slots free to fill; a slot is busy from the first byte copied in until the reply. */
  freeSlots: number[];
  held: Map<number, BlobBatch>;
}

/** A batch being filled, in a slot of its worker's memory. */
interface OpenBatch {
  owner: PoolWorker;
  slot: number;
  fill: number;
  items: BlobBatch['items'];
}

/**
 * Scans history blobs on worker threads while the main thread keeps reading git's output.
 * Each worker owns a fixed block of shared memory in slots; blob bytes are copied once, straight
 * from git's output into a slot, and nothing is allocated per blob on either side, so memory is
 * the same after 5 GB as after 5 MB. Results are applied in the order jobs were added,
 * whichever worker finishes first, so a report never depends on thread timing. `add` waits while
 * every slot is taken, which pauses reading from git.
 */
export class BlobPool {
  readonly #opts: BlobPoolOptions;
  readonly #slotBytes: number;
  readonly #workers: PoolWorker[] = [];
  readonly #done = new Map<number, BlobBatchReply['results'] | { error: string }>();
  readonly #jobs = new Map<number, BlobJob[]>();
  #seq = 0;
  #applied = 0;
  #batch: OpenBatch | undefined;
  #wake: (() => void) | undefined;
  #respawns = 0;
  #fatal: Error | undefined;

  static available(): boolean {
    return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
  }

  constructor(opts: BlobPoolOptions) {
    this.#opts = opts;
    this.#slotBytes = Math.max(BATCH_BYTES, opts.maxJobBytes);
    const threads = BlobPool.available() && cloneable(opts.ruleSet) ? opts.threads : 0;
    for (let i = 0; i < threads; i++) this.#start();
  }

  /** Queues one job; `bytes` are copied before this returns, so the caller may reuse them. */
  async add(job: BlobJob, bytes: Uint8Array): Promise<void> {
    if (this.#fatal) throw this.#fatal;
    if (this.#workers.length === 0) {
      this.#opts.apply(job, scanBlobJob(bytes, job, this.#opts.ruleSet));
      return;
    }
    let batch = this.#batch;
    if (batch && (batch.fill + bytes.length > this.#slotBytes || batch.items.length >= BATCH_ITEMS)) {
      this.#dispatch();
      batch = undefined;
    }
    if (!batch) {
      batch = await this.#acquire();
      this.#batch = batch;
    }
    const at = batch.slot * this.#slotBytes + batch.fill;
    batch.owner.memory.set(bytes, at);
    batch.items.push({ job, start: batch.fill, end: batch.fill + bytes.length });
    batch.fill += bytes.length;
    if (batch.fill >= BATCH_BYTES) this.#dispatch();
  }

  /** Sends what is batched, waits for every result, and applies them. */
  async drain(): Promise<void> {
    if (this.#batch) this.#dispatch();
    while (this.#applied < this.#seq) {
      if (this.#fatal) throw this.#fatal;
      await this.#sleep();
    }
    if (this.#fatal) throw this.#fatal;
  }

  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  /** Waits for a free slot on the least busy worker. */
  async #acquire(): Promise<OpenBatch> {
    for (;;) {
      if (this.#fatal) throw this.#fatal;
      const owner = this.#workers
        .filter((w) => w.freeSlots.length > 0)
        .sort((a, b) => a.held.size - b.held.size)[0];
      if (owner) return { owner, slot: owner.freeSlots.pop()!, fill: 0, items: [] };
      await this.#sleep();
    }
  }

  #dispatch(): void {
    const batch = this.#batch;
    this.#batch = undefined;
    if (!batch) return;
    if (batch.items.length === 0) {
      batch.owner.freeSlots.push(batch.slot);
      return;
    }
    const seq = this.#seq++;
    const message: BlobBatch = { seq, slot: batch.slot, items: batch.items };
    batch.owner.held.set(seq, message);
    this.#jobs.set(
      seq,
      batch.items.map((item) => item.job),
    );
    batch.owner.worker.postMessage(message);
  }

  #start(): void {
    const memory = new SharedArrayBuffer(this.#slotBytes * SLOTS);
    const data: BlobWorkerData = { ruleSet: this.#opts.ruleSet, memory, slotBytes: this.#slotBytes };
    const worker = new Worker(WORKER_URL, {
      workerData: data,
      // Small heaps make V8 collect the big dead strings of each window early instead of letting
      // every thread's heap grow; windows keep the live data far below the caps.
      resourceLimits: {
        maxOldGenerationSizeMb: WORKER_OLD_HEAP_MB,
        maxYoungGenerationSizeMb: WORKER_YOUNG_HEAP_MB,
      },
    });
    const entry: PoolWorker = {
      worker,
      memory: Buffer.from(memory),
      freeSlots: Array.from({ length: SLOTS }, (_, i) => i),
      held: new Map(),
    };
    this.#workers.push(entry);
    worker.on('message', (reply: BlobBatchReply) => {
      const batch = entry.held.get(reply.seq);
      entry.held.delete(reply.seq);
      if (batch) entry.freeSlots.push(batch.slot);
      this.#deliver(reply.seq, reply.results);
    });
    const lost = (why: string) => {
      const i = this.#workers.indexOf(entry);
      if (i === -1) return;
      this.#workers.splice(i, 1);
      for (const seq of entry.held.keys()) this.#deliver(seq, { error: why });
      entry.held.clear();
      // A batch being filled for this worker is lost with it: its jobs are reported too.
      if (this.#batch?.owner === entry) {
        const seq = this.#seq++;
        this.#jobs.set(
          seq,
          this.#batch.items.map((item) => item.job),
        );
        this.#batch = undefined;
        this.#deliver(seq, { error: why });
      }
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

  #deliver(seq: number, results: BlobBatchReply['results'] | { error: string }): void {
    this.#done.set(seq, results);
    for (let r = this.#done.get(this.#applied); r !== undefined; r = this.#done.get(this.#applied)) {
      const jobs = this.#jobs.get(this.#applied) ?? [];
      this.#done.delete(this.#applied);
      this.#jobs.delete(this.#applied);
      this.#applied++;
      for (const [i, job] of jobs.entries()) {
        const one = 'error' in r ? r : r[i];
        if (!one) this.#opts.apply(job, { error: 'no result from the worker' });
        else if ('error' in one || one.binary) this.#opts.apply(job, one);
        else
          this.#opts.apply(job, {
            binary: false,
            matches: one.matches.map(fromWire),
            cutLines: one.cutLines,
          });
      }
    }
    this.#wakeUp();
  }

  #sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
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
