import { ConfigError } from '../model/errors.js';
import { asBuffer, type TextEncoding, textLength } from './decode-bytes.js';

/**
 * Large inputs are scanned as overlapping windows so memory stays flat however big the input.
 *
 * Each window ends on a line break, so no line (and no key) is ever cut at a window's end; the
 * next window starts up to `overlapBytes` earlier, on a line start, so a key id and a secret a
 * few lines apart still meet in one window. Both windows see the overlapping lines, so each
 * window reports only the matches anchored on the lines it *owns*: the owner boundary sits in
 * the middle of the overlap, where both windows have context on either side. Nothing is found
 * twice and nothing is lost at an edge.
 *
 * A line nearly as long as a window cannot end a window on a break; it is cut mid-line (on a
 * character boundary), both windows own that one line, and the caller reports the input as
 * partial: context on that line is cut. Columns stay exact: each window knows how many
 * characters of its first line came before it.
 */
export const DEFAULT_WINDOW_BYTES = 4 * 1024 * 1024;
const MAX_OVERLAP_BYTES = 64 * 1024;
const MIN_WINDOW_BYTES = 1024;

export interface WindowSettings {
  /** Inputs up to this size are read whole; bigger ones in windows of this size. */
  windowBytes: number;
  /** How far back each window reaches into the previous one. */
  overlapBytes: number;
}

/**
 * `windowBytes` from the caller, else from `KEYSWEEP_WINDOW_BYTES` (a tuning and test knob),
 * else 8 MB. The overlap is 64 KB, or a quarter of a small window.
 */
export function windowSettings(windowBytes?: number): WindowSettings {
  let w = windowBytes;
  const env = process.env['KEYSWEEP_WINDOW_BYTES'];
  if (w === undefined && env !== undefined && env !== '') {
    w = Number(env);
    if (!Number.isInteger(w) || w < MIN_WINDOW_BYTES) {
      throw new ConfigError(
        `KEYSWEEP_WINDOW_BYTES: '${env}' is not a whole number of bytes >= ${MIN_WINDOW_BYTES}`,
        {
          hint: 'unset it to use the default (8 MB windows)',
        },
      );
    }
  }
  w = Math.max(MIN_WINDOW_BYTES, Math.floor(w ?? DEFAULT_WINDOW_BYTES));
  // Even sizes keep UTF-16 code units whole.
  w -= w % 2;
  const overlap = Math.min(MAX_OVERLAP_BYTES, Math.floor(w / 4));
  return { windowBytes: w, overlapBytes: overlap - (overlap % 2) };
}

/** Where one window ends and which lines it reports. Offsets are relative to the window start. */
export interface WindowCut {
  /** Bytes of the window to decode and scan: [0, end). */
  end: number;
  /** Where the next window starts; `end` on the last window. */
  next: number;
  /** 1-based line number of the window's first byte. */
  startLine: number;
  /** Characters of that line before the window's first byte (0 unless the window starts mid-line). */
  startColumn: number;
  /** The window reports matches anchored on lines in [ownFrom, ownTo). */
  ownFrom: number;
  ownTo: number;
  /** Set when a line too long for a window had to be cut: that line's number. */
  cutLine?: number;
}

/**
 * Decides the cut of each consecutive window of one input and carries line numbers across
 * windows. Feed it each window's bytes in order, starting at the first byte after any BOM.
 */
export class WindowCutter {
  readonly #encoding: TextEncoding;
  readonly #overlap: number;
  #line = 1;
  #column = 0;
  #ownFrom = 1;

  constructor(encoding: TextEncoding, settings: WindowSettings) {
    this.#encoding = encoding;
    this.#overlap = settings.overlapBytes;
  }

  /**
   * `buf` holds the window's bytes; `last` says the input ends with them. Not-last windows must
   * be full (the configured window size), so that a cut always leaves room for progress.
   */
  cut(buf: Uint8Array, last: boolean): WindowCut {
    const startLine = this.#line;
    const startColumn = this.#column;
    const ownFrom = this.#ownFrom;
    const n = buf.length;
    if (last) return { end: n, next: n, startLine, startColumn, ownFrom, ownTo: Number.POSITIVE_INFINITY };

    const lines = new LineBreaks(buf, this.#encoding);
    // The window ends after its last line break, if that leaves it at least twice the overlap
    // long: the next window then moves on by at least one overlap, and only lines longer than
    // the window less two overlaps are ever cut.
    const lastBreak = lines.lastBreakIn(2 * this.#overlap, n);
    if (lastBreak === -1) {
      // One line fills the window: cut it, and let both windows own it.
      const end = lines.charBoundaryAtOrBefore(n);
      const next = lines.charBoundaryAtOrBefore(end - this.#overlap);
      const cutLine = startLine + lines.count(0, end);
      this.#line = cutLine;
      this.#column = this.#columnAt(buf, lines, next, startColumn);
      this.#ownFrom = cutLine;
      return { end, next, startLine, startColumn, ownFrom, ownTo: cutLine + 1, cutLine };
    }
    const end = lastBreak + lines.unit;
    const firstInOverlap = lines.firstBreakIn(end - this.#overlap - lines.unit, end - lines.unit);
    // No break in the overlap: the last line is long. Start mid-line; that line stays owned by
    // this window, where it is whole.
    const next =
      firstInOverlap === -1 ? lines.charBoundaryAtOrBefore(end - this.#overlap) : firstInOverlap + lines.unit;
    const mid = next + ((end - next) >> 1);
    const boundaryBreak = lines.firstBreakIn(mid - lines.unit, end - lines.unit);
    const boundary = boundaryBreak === -1 ? end : boundaryBreak + lines.unit;
    const nextLine = startLine + lines.count(0, next);
    const ownTo = nextLine + lines.count(next, boundary);
    this.#line = nextLine;
    this.#column = this.#columnAt(buf, lines, next, startColumn);
    this.#ownFrom = ownTo;
    return { end, next, startLine, startColumn, ownFrom, ownTo };
  }

  /** Characters of the line holding offset `pos` that come before it. */
  #columnAt(buf: Uint8Array, lines: LineBreaks, pos: number, startColumn: number): number {
    const lineBreak = lines.lastBreakIn(0, pos);
    if (lineBreak === -1) return startColumn + textLength(buf.subarray(0, pos), this.#encoding);
    return textLength(buf.subarray(lineBreak + lines.unit, pos), this.#encoding);
  }
}

/** Line breaks (LF) of a byte range in a given encoding: one byte in UTF-8, one code unit in UTF-16. */
class LineBreaks {
  readonly #buf: Buffer;
  readonly #encoding: TextEncoding;
  readonly unit: number;

  constructor(buf: Uint8Array, encoding: TextEncoding) {
    this.#buf = asBuffer(buf);
    this.#encoding = encoding;
    this.unit = encoding === 'utf8' ? 1 : 2;
  }

  #isBreak(i: number): boolean {
    const b = this.#buf;
    if (this.#encoding === 'utf16le') return b[i] === 10 && b[i + 1] === 0;
    return b[i] === 0 && b[i + 1] === 10;
  }

  /** Offset of the last break starting in [from, to), or -1. */
  lastBreakIn(from: number, to: number): number {
    const lo = Math.max(0, from);
    if (this.#encoding === 'utf8') {
      const i = to > lo ? this.#buf.lastIndexOf(10, to - 1) : -1;
      return i >= lo ? i : -1;
    }
    // UTF-16 code units sit at even offsets (windows always start on one).
    let i = to - 1;
    i -= i % 2;
    for (; i >= lo; i -= 2) if (this.#isBreak(i)) return i;
    return -1;
  }

  /** Offset of the first break starting in [from, to), or -1. */
  firstBreakIn(from: number, to: number): number {
    const lo = Math.max(0, from);
    if (this.#encoding === 'utf8') {
      const i = lo < to ? this.#buf.indexOf(10, lo) : -1;
      return i !== -1 && i < to ? i : -1;
    }
    for (let i = lo + (lo % 2); i < to; i += 2) if (this.#isBreak(i)) return i;
    return -1;
  }

  /** Breaks starting in [from, to). */
  count(from: number, to: number): number {
    let n = 0;
    if (this.#encoding === 'utf8') {
      for (let i = this.#buf.indexOf(10, from); i !== -1 && i < to; i = this.#buf.indexOf(10, i + 1)) n++;
      return n;
    }
    for (let i = from + (from % 2); i < to; i += 2) if (this.#isBreak(i)) n++;
    return n;
  }

  /** The largest offset <= pos that does not split a character. */
  charBoundaryAtOrBefore(pos: number): number {
    const b = this.#buf;
    let p = Math.max(0, Math.min(pos, b.length));
    if (this.#encoding === 'utf8') {
      // Back off over continuation bytes to the lead byte of the character `p` would split.
      while (p > 0 && p < b.length && (b[p]! & 0xc0) === 0x80) p--;
      if (p === b.length) {
        let lead = p - 1;
        while (lead > 0 && p - lead < 4 && (b[lead]! & 0xc0) === 0x80) lead--;
        const byte = b[lead] ?? 0;
        const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
        if (lead + need > p) p = lead;
      }
      return p;
    }
    p -= p % 2;
    // Do not split a surrogate pair: step back before a high surrogate.
    if (p >= 2) {
      const hi = this.#encoding === 'utf16le' ? b[p - 1]! : b[p - 2]!;
      if (hi >= 0xd8 && hi <= 0xdb) p -= 2;
    }
    return p;
  }
}

/** Keeps the matches a window owns: those whose anchor (the key id, else the value) is on an owned line. */
export function ownedBy<T extends { line: number }>(cut: WindowCut, anchor: T): boolean {
  return anchor.line >= cut.ownFrom && anchor.line < cut.ownTo;
}
