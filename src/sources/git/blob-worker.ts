import { parentPort, workerData } from 'node:worker_threads';
import type { RuleSet } from '../../rules/rule.js';
import { toWire } from '../files/match-transfer.js';
import type { BlobBatch, BlobBatchReply } from './blob-pool.js';
import { scanBlob } from './scan-blob.js';

/**
 * A worker thread of the history sweep: gets the compiled rules once, then decodes and scans
 * each batch of blobs it is sent and replies with the matches, blob by blob.
 */
const { ruleSet } = workerData as { ruleSet: RuleSet };
const port = parentPort!;

port.on('message', (batch: BlobBatch) => {
  const bytes = new Uint8Array(batch.buffer);
  const results: BlobBatchReply['results'] = batch.items.map((item) => {
    const r = scanBlob(
      bytes.subarray(item.start, item.end),
      { kind: 'git', path: item.path, blob: item.oid },
      ruleSet,
    );
    return r === 'binary' ? { binary: true } : { binary: false, matches: r.map(toWire) };
  });
  const reply: BlobBatchReply = { seq: batch.seq, results };
  port.postMessage(reply);
});
