import { isAscii } from 'node:buffer';
import { detectChunk } from '../../detect/detect-chunk.js';
import type { Match } from '../../detect/pairing.js';
import type { Location } from '../../model/location.js';
import type { RuleSet } from '../../rules/rule.js';
import { decodeText, sniffEncoding } from '../decode-bytes.js';

/**
 * Scans one whole blob of a history sweep. UTF-8 blobs are read as Latin-1: every rule matches
 * ASCII only and line breaks are the same bytes, so the matches are identical, and Latin-1 is
 * a plain copy where UTF-8 decoding runs at a fraction of the speed (most of a history's bytes
 * are non-ASCII somewhere). Only columns differ on lines with non-ASCII text before a match, so
 * those few are converted back to characters.
 */
export function scanBlob(bytes: Uint8Array, location: Location, ruleSet: RuleSet): Match[] | 'binary' {
  const sniffed = sniffEncoding(bytes);
  if (sniffed.kind === 'binary') return 'binary';
  const body = bytes.subarray(sniffed.bomLength);
  if (sniffed.encoding !== 'utf8') {
    return detectChunk({ location, text: decodeText(body, sniffed.encoding).text, startLine: 1 }, ruleSet);
  }
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const text = buf.toString('latin1');
  const matches = detectChunk({ location, text, startLine: 1 }, ruleSet);
  if (matches.length > 0 && !isAscii(buf)) toCharacterColumns(matches, text);
  return matches;
}

/** Turns byte columns (from a Latin-1 reading of UTF-8) into UTF-16 character columns. */
function toCharacterColumns(matches: Match[], latin1: string): void {
  const starts = new Map<number, number>();
  const lineStart = (line: number): number => {
    let s = starts.get(line);
    if (s === undefined) {
      s = 0;
      for (let l = 1; l < line && s !== -1; l++) {
        const nl = latin1.indexOf('\n', s);
        s = nl === -1 ? -1 : nl + 1;
      }
      s = Math.max(s, 0);
      starts.set(line, s);
    }
    return s;
  };
  for (const m of matches) {
    for (const c of [m.keyId, m.secret, m.token, m.generic]) {
      if (!c) continue;
      const start = lineStart(c.line);
      const prefix = latin1.slice(start, start + c.column - 1);
      if (/^[\x00-\x7f]*$/.test(prefix)) continue;
      c.column = Buffer.from(prefix, 'latin1').toString('utf8').length + 1;
    }
  }
}
