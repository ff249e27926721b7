import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RuleSet } from '../../rules/rule.js';
import { fromWire, type WireMatch } from '../files/match-transfer.js';
import { heapLimits } from '../files/scan-pool.js';
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
  /** Window size: the largest job (a whole blob or one window), in bytes. */
  windowBytes: number;
  /** Called once per job (a blob or a window of one), in the order they were added. */
  apply: (job: BlobJob, result: BlobScan | { error: string }) => void;
}

const BATCH_BYTES = 2 * 1024 * 1024;
const BATCH_ITEMS = 512;
/** Slots per worker: one batch being scanned, one being filled or waiting, so it never idles. */
const SLOTS = 2;
const MAX_RESPAWNS = 4;
const WORKER_URL = new URL('./blob-worker.js', import.meta.url);

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
  readonly #done = new Map<number, BlobScan[] | { error: string }>();
  readonly #jobs = new Map<number, BlobJob[]>();
  #seq = 0;
  #applied = 0;
  #batch: OpenBatch | undefined;
  #wake: (() => void) | undefined;
  #respawns = 0;

  static available(): boolean {
    return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
  }

  constructor(opts: BlobPoolOptions) {
    this.#opts = opts;
    this.#slotBytes = Math.max(BATCH_BYTES, opts.windowBytes);
    const threads = BlobPool.available() && cloneable(opts.ruleSet) ? opts.threads : 0;
    for (let i = 0; i < threads; i++) this.#start();
  }

  /** Queues one job; `bytes` are copied before this returns, so the caller may reuse them. */
  async add(job: BlobJob, bytes: Uint8Array): Promise<void> {
    let batch = this.#batch;
    if (batch && (batch.fill + bytes.length > this.#slotBytes || batch.items.length >= BATCH_ITEMS)) {
      this.#dispatch();
      batch = undefined;
    }
    batch ??= await this.#acquire();
    if (!batch) {
      // No worker threads (none wanted, or all kept failing): scan here, in order with the rest.
      const seq = this.#seq++;
      this.#jobs.set(seq, [job]);
      this.#deliver(seq, [scanBlobJob(bytes, job, this.#opts.ruleSet)]);
      return;
    }
    this.#batch = batch;
    const at = batch.slot * this.#slotBytes + batch.fill;
    batch.owner.memory.set(bytes, at);
    batch.items.push({ job, start: batch.fill, end: batch.fill + bytes.length });
    batch.fill += bytes.length;
    if (batch.fill >= BATCH_BYTES) this.#dispatch();
  }

  /** Sends what is batched, waits for every result, and applies them. */
  async drain(): Promise<void> {
    if (this.#batch) this.#dispatch();
    while (this.#applied < this.#seq) await this.#sleep();
  }

  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  /** Waits for a free slot on the least busy worker; undefined when there are no workers. */
  async #acquire(): Promise<OpenBatch | undefined> {
    for (;;) {
      if (this.#workers.length === 0) return undefined;
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
      // Capped heaps, sized from the window as for file scans (KEYSWEEP_WORKER_HEAP_MB too): V8
      // collects each window's dead strings early instead of letting every heap grow. A worker
      // that hits the cap anyway is replaced, and its batches are scanned here.
      resourceLimits: heapLimits(this.#opts.windowBytes),
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
      this.#deliver(
        reply.seq,
        reply.results.map((r) =>
          r.binary ? r : { binary: false, matches: r.matches.map(fromWire), cutLines: r.cutLines },
        ),
      );
    });
    const lost = (why: string) => {
      const i = this.#workers.indexOf(entry);
      if (i === -1) return;
      this.#workers.splice(i, 1);
      // The bytes of its batches are still in its memory: scan them here instead, so a worker
      // that ran out of memory on one odd blob costs time, not coverage.
      for (const [seq, batch] of entry.held)
        this.#deliver(seq, this.#scanHere(entry, batch.slot, batch.items, why));
      entry.held.clear();
      if (this.#batch?.owner === entry) {
        const open = this.#batch;
        this.#batch = undefined;
        const seq = this.#seq++;
        this.#jobs.set(
          seq,
          open.items.map((item) => item.job),
        );
        this.#deliver(seq, this.#scanHere(entry, open.slot, open.items, why));
      }
      // A few replacements; after that the remaining workers (or this thread) carry on.
      if (this.#respawns < MAX_RESPAWNS) {
        this.#respawns++;
        this.#start();
      }
      this.#wakeUp();
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`worker exited with code ${code}`));
  }

  #scanHere(
    entry: PoolWorker,
    slot: number,
    items: BlobBatch['items'],
    why: string,
  ): BlobScan[] | { error: string } {
    try {
      const base = slot * this.#slotBytes;
      return items.map((item) =>
        scanBlobJob(entry.memory.subarray(base + item.start, base + item.end), item.job, this.#opts.ruleSet),
      );
    } catch (err) {
      return { error: `${why}; scanning in-process failed too: ${(err as Error).message}` };
    }
  }

  #deliver(seq: number, results: BlobScan[] | { error: string }): void {
    this.#done.set(seq, results);
    for (let r = this.#done.get(this.#applied); r !== undefined; r = this.#done.get(this.#applied)) {
      const jobs = this.#jobs.get(this.#applied) ?? [];
      this.#done.delete(this.#applied);
      this.#jobs.delete(this.#applied);
      this.#applied++;
      for (const [i, job] of jobs.entries()) {
        const one = 'error' in r ? r : r[i];
        this.#opts.apply(job, one ?? { error: 'no result from the worker' });
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
