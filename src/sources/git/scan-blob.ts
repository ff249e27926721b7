import { isAscii } from 'node:buffer';
import { detectBytes } from '../../detect/detect-bytes.js';
import { detectChunk } from '../../detect/detect-chunk.js';
import type { Match } from '../../detect/pairing.js';
import type { Location } from '../../model/location.js';
import type { RuleSet } from '../../rules/rule.js';
import { asBuffer, decodeText, sniffEncoding, type TextEncoding } from '../decode-bytes.js';
import { placeInWindow } from '../detect-window.js';
import type { WindowCut } from '../text-windows.js';

/** One piece of scanning work: a whole blob, or one window of a big one. */
export interface BlobJob {
  oid: string;
  path: string;
  /** Set for a window of a blob too big to scan at once; the bytes are that window's. */
  window?: { cut: WindowCut; encoding: TextEncoding; last: boolean };
}

export type BlobScan = { binary: true } | { binary: false; matches: Match[]; cutLines: number[] };

/**
 * Scans one blob (at most a window's size) or one window of a bigger blob.
 *
 * UTF-8 is read as Latin-1: every rule matches ASCII only and line breaks are the same bytes, so
 * the matches are identical, and Latin-1 is a plain copy where UTF-8 decoding runs at a fraction
 * of the speed (most of a history's bytes are non-ASCII somewhere). Only columns differ on lines
 * with non-ASCII text before a match, so those few are converted back to characters.
 */
export function scanBlobJob(bytes: Uint8Array, job: BlobJob, ruleSet: RuleSet): BlobScan {
  const location: Location = { kind: 'git', path: job.path, blob: job.oid };
  const buf = asBuffer(bytes);
  if (job.window) {
    const { cut, encoding } = job.window;
    const matches = placeInWindow(detect(buf, encoding, cut.startLine, location, ruleSet), cut);
    if (encoding === 'utf8' && matches.length > 0 && !isAscii(buf))
      toCharacterColumns(matches, buf, cut.startLine);
    return { binary: false, matches, cutLines: cut.cutLine === undefined ? [] : [cut.cutLine] };
  }
  const sniffed = sniffEncoding(buf);
  if (sniffed.kind === 'binary') return { binary: true };
  const body = buf.subarray(sniffed.bomLength);
  const matches = detect(body, sniffed.encoding, 1, location, ruleSet);
  if (sniffed.encoding === 'utf8' && matches.length > 0 && !isAscii(body))
    toCharacterColumns(matches, body, 1);
  return { binary: false, matches, cutLines: [] };
}

function detect(
  buf: Buffer,
  encoding: TextEncoding,
  startLine: number,
  location: Location,
  ruleSet: RuleSet,
): Match[] {
  if (encoding === 'utf8')
    return detectBytes({ location, bytes: buf, startLine, decoding: 'latin1' }, ruleSet);
  return detectChunk({ location, text: decodeText(buf, encoding).text, startLine }, ruleSet);
}

/**
 * Turns byte columns (from a Latin-1 reading of UTF-8) into UTF-16 character columns. `bytes`
 * start at line `startLine`.
 */
function toCharacterColumns(matches: Match[], bytes: Buffer, startLine: number): void {
  const starts = new Map<number, number>();
  const lineStart = (line: number): number => {
    let s = starts.get(line);
    if (s === undefined) {
      let at = 0;
      for (let l = startLine; l < line && at !== -1; l++) {
        const nl: number = bytes.indexOf(0x0a, at);
        at = nl === -1 ? -1 : nl + 1;
      }
      s = Math.max(at, 0);
      starts.set(line, s);
    }
    return s;
  };
  for (const m of matches) {
    for (const c of [m.keyId, m.secret, m.token, m.generic]) {
      if (!c) continue;
      const start = lineStart(c.line);
      const prefix = bytes.subarray(start, start + c.column - 1);
      if (isAscii(prefix)) continue;
      c.column = prefix.toString('utf8').length + 1;
    }
  }
}
