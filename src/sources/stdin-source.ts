import type { StdinLocation } from '../model/location.js';
import type { ScanContext } from '../scan/scan-context.js';
import { SNIFF_BYTES, sniffEncoding } from './decode-bytes.js';
import { windowSettings } from './text-windows.js';
import { WindowScan } from './window-scan.js';

export interface StdinScanOptions {
  /** Window size (default 8 MB, or `KEYSWEEP_WINDOW_BYTES`). */
  windowBytes?: number;
}

const LOCATION: StdinLocation = { kind: 'stdin', path: '-' };

/**
 * Scans standard input (`keysweep scan -`) in overlapping windows, so memory stays flat however
 * much is piped in. Binary input is skipped and counted like a binary file; a read error keeps
 * what was read, scans it, and is reported.
 */
export async function scanStdin(
  ctx: ScanContext,
  input: NodeJS.ReadableStream = process.stdin,
  options: StdinScanOptions = {},
): Promise<void> {
  const settings = windowSettings(options.windowBytes);
  const size = settings.windowBytes;
  const buf = Buffer.allocUnsafe(size);
  let n = 0;
  let start = 0;
  let total = 0;
  let scan: WindowScan | undefined;
  let binary = false;

  /** Scans the buffered window; returns false once the input turns out to be binary. */
  const flush = (last: boolean): boolean => {
    if (!scan) {
      const sniffed = sniffEncoding(buf.subarray(0, Math.min(n, SNIFF_BYTES)));
      if (sniffed.kind === 'binary') {
        binary = true;
        return false;
      }
      start = sniffed.bomLength;
      scan = new WindowScan(ctx.ruleSet, LOCATION, sniffed.encoding, settings, (ms) => ctx.addMatches(ms));
    }
    const next = scan.feed(buf.subarray(start, n), last);
    if (!last) {
      const consumed = start + next;
      buf.copy(buf, 0, consumed, n);
      n -= consumed;
      start = 0;
      ctx.stats.bytes += consumed;
      ctx.progress();
    }
    return true;
  };

  try {
    read: for await (const piece of input) {
      let chunk = typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer);
      total += chunk.length;
      while (chunk.length > 0) {
        const take = Math.min(size - n, chunk.length);
        chunk.copy(buf, n, 0, take);
        n += take;
        chunk = chunk.subarray(take);
        if (n === size && !flush(false)) break read;
      }
    }
  } catch (err) {
    ctx.error('-', 'unreadable', `reading stdin failed: ${(err as Error).message}`);
  }
  if (!binary && flush(true)) {
    ctx.stats.files += 1;
    ctx.stats.bytes += n;
    for (const i of scan?.issues() ?? []) ctx.partial(i.path, i.reason, i.detail);
  }
  if (binary) ctx.skip('-', 'binary', `${total} bytes read before the input was found to be binary`);
  ctx.progress();
}
