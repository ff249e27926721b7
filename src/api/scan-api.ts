import { Readable } from 'node:stream';
import type { Finding } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { type FindingStream, type LibraryScanOptions, streamScan } from './scan-stream.js';

export interface ScanFilesOptions extends LibraryScanOptions {
  /** gitignore-style globs to skip. */
  exclude?: string[];
  /** Do not honour .gitignore files. */
  noIgnore?: boolean;
  /** Worker threads: 'auto' (default), a number, or 0 for in-process. */
  workers?: number | 'auto';
}

/**
 * Scans files and folder trees, streaming each credential as it is found.
 *
 * ```ts
 * const scan = scanFiles(['src', 'config']);
 * for await (const finding of scan) console.log(finding.keyId, finding.secret?.redacted());
 * const report = await scan.report; // stats, issues, every occurrence
 * ```
 * A path that does not exist rejects with a UsageError before anything is read.
 */
export function scanFiles(paths: string[], options: ScanFilesOptions = {}): FindingStream {
  return streamScan('scan', paths, options, async (ctx) => {
    const { scanFileTree } = await import('../sources/files/scan-file-tree.js');
    await scanFileTree(
      paths,
      {
        ...(options.exclude ? { exclude: options.exclude } : {}),
        ...(options.noIgnore ? { noIgnore: true } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        ...(options.patterns ? { patternDirs: options.patterns } : {}),
      },
      ctx,
    );
  });
}

export interface ScanStreamOptions extends LibraryScanOptions {
  /** Bytes read before each detection pass (default 4 MB): findings stream out once per window. */
  windowBytes?: number;
}

/** Scans a stream (a pipe, a socket, an HTTP body) as `keysweep scan -` does, in flat memory. */
export function scanStream(input: NodeJS.ReadableStream, options: ScanStreamOptions = {}): FindingStream {
  return streamScan('scan', ['-'], options, async (ctx) => {
    const { scanStdin } = await import('../sources/stdin-source.js');
    await scanStdin(
      ctx,
      input,
      options.windowBytes !== undefined ? { windowBytes: options.windowBytes } : {},
    );
  });
}

/** Scans a string; its findings' locations are `stdin`. */
export async function scanText(text: string, options: LibraryScanOptions = {}): Promise<Finding[]> {
  const report: Report = await scanStream(Readable.from([Buffer.from(text, 'utf8')]), options).report;
  return report.findings;
}
