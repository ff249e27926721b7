import { parentPort, workerData } from 'node:worker_threads';
import type { Match } from '../../detect/pairing.js';
import { loadRules } from '../../rules/load-rules.js';
import { type BatchOutcome, emptyOutcome, FileScanner } from './file-scanner.js';
import { toWire, type WireMatch } from './match-transfer.js';
import type { BatchProgress, BatchReply, BatchRequest, WorkerInit } from './scan-pool.js';

/**
 * A worker thread of the file scan: loads the rules once, then reads, decodes and scans the
 * files of each batch itself (file contents never cross threads) and replies with the batch's
 * counters, issues and matches.
 */
const init = workerData as WorkerInit;
const port = parentPort!;
const scanner = new FileScanner(loadRules(init.patternDirs), init.settings, (bytes) => {
  const note: BatchProgress = { progress: bytes };
  port.postMessage(note);
});

port.on('message', (req: BatchRequest) => {
  const out: BatchOutcome<Match> = emptyOutcome();
  for (const [abs, path] of req.files) scanner.scan(abs, path, out);
  const wire: BatchOutcome<WireMatch> = { ...out, matches: out.matches.map(toWire) };
  const reply: BatchReply = { seq: req.seq, outcome: wire };
  port.postMessage(reply);
});
