import type { Location } from '../model/location.js';
import type { RuleSet } from '../rules/rule.js';
import { ALLOW_MARKER } from './allow-marker.js';
import { detectChunk } from './detect-chunk.js';
import { findSeeds } from './find-seeds.js';
import type { Match } from './pairing.js';
import { buildSpots, type Spot } from './spots.js';

/** How a source reads its bytes as text: UTF-8 for files, Latin-1 for git (see scan-blob.ts). */
export type ByteDecoding = 'utf8' | 'latin1';

export interface ByteChunk {
  location: Location;
  bytes: Buffer;
  /** 1-based line number of the first byte. */
  startLine: number;
  decoding: ByteDecoding;
}

/**
 * How far a spot reaches along one long line, each side of its seed. Context reading looks at
 * most 2,000 characters from a value (detect-chunk.ts), so a value's context is in its spot.
 * The one difference from a whole read: two values on one line more than twice this apart are
 * read apart, where a whole read would pair them (both are on "the same line").
 */
const REACH_BYTES = 4096;

/**
 * Detection on a text given as bytes, with the same result as `detectChunk` on the decoded text
 * but reading only the spots around its seeds (find-seeds.ts, spots.ts): most big texts are
 * then never decoded at all. A rule set without a seed plan (user rules) is read whole.
 */
export function detectBytes(chunk: ByteChunk, ruleSet: RuleSet): Match[] {
  const { bytes, startLine, location } = chunk;
  const decode = (from: number, to: number) => bytes.toString(chunk.decoding, from, to);
  const plan = ruleSet.seedPlan;
  const seeds = plan ? findSeeds(bytes, plan) : undefined;
  if (!plan || !seeds || seeds.whole) {
    return detectChunk({ location, text: decode(0, bytes.length), startLine }, ruleSet);
  }
  if (seeds.offsets.length === 0) return [];
  const lines = new LineCounter(bytes);
  const out: Match[] = [];
  for (const spot of buildSpots(bytes, seeds.offsets, plan.marginLines, REACH_BYTES)) {
    const matches = detectChunk({ location, text: decode(spot.from, spot.to), startLine: 0 }, ruleSet);
    if (matches.length === 0) continue;
    const firstLine = startLine + lines.before(spot.from);
    // A cut start is never at offset 0, so the search below starts inside the text.
    const firstColumn = spot.cutStart
      ? decode(bytes.lastIndexOf(0x0a, spot.from - 1) + 1, spot.from).length
      : 0;
    for (const m of matches) {
      const placed = placeMatch(m, firstLine, firstColumn);
      const kept =
        spot.cutStart || spot.cutEnd ? dropAllowedOnCutLines(placed, spot, bytes, firstLine) : placed;
      if (kept) out.push(kept);
    }
  }
  return out;
}

const PARTS = ['keyId', 'secret', 'token', 'generic'] as const;

/** Lines and columns from the spot's own (0-based, first line maybe partial) to the text's. */
function placeMatch(m: Match, firstLine: number, firstColumn: number): Match {
  const out: Match = {};
  for (const part of PARTS) {
    const c = m[part];
    if (c)
      out[part] = {
        ...c,
        line: c.line + firstLine,
        column: c.line === 0 ? c.column + firstColumn : c.column,
      };
  }
  return out;
}

/**
 * A line cut by a spot's reach may hold `keysweep:allow` beyond the cut, out of detection's
 * sight: parts found on such a line are dropped here, as detection drops them on a whole line.
 */
function dropAllowedOnCutLines(m: Match, spot: Spot, b: Buffer, firstLine: number): Match | undefined {
  let lastLine: number | undefined;
  const out: Match = {};
  let kept = false;
  for (const part of PARTS) {
    const c = m[part];
    if (!c) continue;
    let allowed = false;
    if (spot.cutStart && c.line === firstLine) allowed = lineHasMarker(b, spot.from);
    if (!allowed && spot.cutEnd) {
      lastLine ??= firstLine + countNewlines(b, spot.from, spot.to);
      if (c.line === lastLine) allowed = lineHasMarker(b, spot.to - 1);
    }
    if (!allowed) {
      out[part] = c;
      kept = true;
    }
  }
  return kept ? out : undefined;
}

function lineHasMarker(b: Buffer, at: number): boolean {
  const start = b.lastIndexOf(0x0a, at) + 1;
  const nl = b.indexOf(0x0a, at);
  const end = nl === -1 ? b.length : nl;
  const found = b.indexOf(ALLOW_MARKER, start, 'latin1');
  return found !== -1 && found + ALLOW_MARKER.length <= end;
}

/** Counts line breaks before an offset, going forward from where it last stopped. */
class LineCounter {
  readonly #b: Buffer;
  #at = 0;
  #count = 0;

  constructor(b: Buffer) {
    this.#b = b;
  }

  before(offset: number): number {
    if (offset < this.#at) {
      this.#at = 0;
      this.#count = 0;
    }
    this.#count += countNewlines(this.#b, this.#at, offset);
    this.#at = offset;
    return this.#count;
  }
}

function countNewlines(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = b.indexOf(0x0a, from); i !== -1 && i < to; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}
