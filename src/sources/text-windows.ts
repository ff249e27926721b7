/**
 * Large inputs are scanned as overlapping windows so memory stays flat and no key is cut in
 * half: each window repeats the last OVERLAP bytes of the one before, on a line boundary when
 * there is one. Line numbers carry across windows.
 */
export const WINDOW_BYTES = 8 * 1024 * 1024;
export const OVERLAP_BYTES = 64 * 1024;

export interface Window {
  bytes: Uint8Array;
  /** 1-based line of the window's first byte. */
  startLine: number;
}

/**
 * Tracks line numbers while a caller feeds consecutive slices of a stream; returns where each
 * window should start so that it overlaps the previous one.
 */
export class WindowCutter {
  #line = 1;

  /**
   * Given a full window, returns the offset where the next window should start (inside the
   * overlap, just after a newline when one is near) and advances the line count to it.
   */
  advance(window: Uint8Array, isLast: boolean): number {
    if (isLast) return window.length;
    let cut = Math.max(window.length - OVERLAP_BYTES, 1);
    const nl = window.indexOf(10, cut);
    if (nl !== -1 && nl < window.length - 1) cut = nl + 1;
    this.#line += countNewlines(window.subarray(0, cut));
    return cut;
  }

  get line(): number {
    return this.#line;
  }
}

export function countNewlines(buf: Uint8Array): number {
  let n = 0;
  let i = buf.indexOf(10);
  while (i !== -1) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}
