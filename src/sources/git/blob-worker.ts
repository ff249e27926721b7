import { parentPort, workerData } from 'node:worker_threads';
import { toWire } from '../files/match-transfer.js';
import type { BlobBatch, BlobBatchReply, BlobWorkerData } from './blob-pool.js';
import { scanBlobJob } from './scan-blob.js';

/**
 * A worker thread of the history sweep: gets the compiled rules and its block of shared memory
 * once, then scans each batch of blobs the main thread copied into a slot of it, and replies
 * with the matches, job by job. The reply frees the slot for the next batch.
 */
const { ruleSet, memory, slotBytes } = workerData as BlobWorkerData;
const shared = Buffer.from(memory);
const port = parentPort!;

port.on('message', (batch: BlobBatch) => {
  const base = batch.slot * slotBytes;
  const results: BlobBatchReply['results'] = batch.items.map((item) => {
    const r = scanBlobJob(shared.subarray(base + item.start, base + item.end), item.job, ruleSet);
    return r.binary ? r : { binary: false, matches: r.matches.map(toWire), cutLines: r.cutLines };
  });
  const reply: BlobBatchReply = { seq: batch.seq, results };
  port.postMessage(reply);
});
