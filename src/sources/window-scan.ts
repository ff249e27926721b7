import { isAscii, isUtf8 } from 'node:buffer';
import { detectBytes } from '../detect/detect-bytes.js';
import type { Match } from '../detect/pairing.js';
import type { Location } from '../model/location.js';
import type { ScanIssue } from '../model/report.js';
import type { RuleSet } from '../rules/rule.js';
import { asBuffer, decodeText, type TextEncoding } from './decode-bytes.js';
import { detectWindow, placeInWindow } from './detect-window.js';
import { mayHoldKeyword } from './keyword-gate.js';
import { WindowCutter, type WindowSettings } from './text-windows.js';

/**
 * Scans one input (a file, stdin) window by window: the caller reads the bytes, this decides
 * the cuts, decodes, detects, and remembers what made the scan partial.
 */
export class WindowScan {
  readonly #ruleSet: RuleSet;
  readonly #location: Location;
  readonly #encoding: TextEncoding;
  readonly #cutter: WindowCutter;
  readonly #settings: WindowSettings;
  readonly #onMatches: (matches: Match[]) => void;
  #invalidUtf8 = false;
  readonly #cutLines: number[] = [];

  constructor(
    ruleSet: RuleSet,
    location: Location,
    encoding: TextEncoding,
    settings: WindowSettings,
    onMatches: (matches: Match[]) => void,
  ) {
    this.#ruleSet = ruleSet;
    this.#location = location;
    this.#encoding = encoding;
    this.#settings = settings;
    this.#cutter = new WindowCutter(encoding, settings);
    this.#onMatches = onMatches;
  }

  /**
   * Scans a window: `bytes` start where the previous call said the next window starts. Returns
   * how many of them to drop before the next window (the rest is the overlap, read again).
   * A window that is not the last must hold the full window size.
   */
  feed(bytes: Uint8Array, last: boolean): number {
    const cut = this.#cutter.cut(bytes, last);
    if (cut.cutLine !== undefined && this.#cutLines.at(-1) !== cut.cutLine) this.#cutLines.push(cut.cutLine);
    const window = asBuffer(bytes.subarray(0, cut.end));
    if (this.#encoding === 'utf8' && this.#ruleSet.seedPlan) {
      // Read by spots (detect/detect-bytes.ts): most windows are never decoded at all.
      if (!isAscii(window) && !isUtf8(window)) this.#invalidUtf8 = true;
      const found = detectBytes(
        { location: this.#location, bytes: window, startLine: cut.startLine, decoding: 'utf8' },
        this.#ruleSet,
      );
      const matches = placeInWindow(found, cut);
      if (matches.length > 0) this.#onMatches(matches);
      return cut.next;
    }
    const text = this.#encoding === 'utf8' ? this.#readUtf8(window) : this.#decode(window);
    if (text === undefined) return cut.next;
    const matches = detectWindow(text, cut, this.#location, this.#ruleSet);
    if (matches.length > 0) this.#onMatches(matches);
    return cut.next;
  }

  /** The window's text, or undefined when it holds no keyword (then it yields nothing). */
  #readUtf8(window: Buffer): string | undefined {
    const scanner = this.#ruleSet.keywordScanner;
    // ASCII reads the same through the Latin-1 decoder, a plain copy.
    if (isAscii(window)) {
      const text = window.toString('latin1');
      return mayHoldKeyword(scanner, text) ? text : undefined;
    }
    // Not decoded unless it may hold a keyword; its validity is still reported. The Latin-1
    // copy is dropped before decoding, so the two are never held at once.
    if (!mayHoldKeyword(scanner, window.toString('latin1'))) {
      if (!isUtf8(window)) this.#invalidUtf8 = true;
      return undefined;
    }
    return this.#decode(window);
  }

  #decode(bytes: Uint8Array): string {
    const { text, invalidUtf8 } = decodeText(bytes, this.#encoding);
    if (invalidUtf8) this.#invalidUtf8 = true;
    return text;
  }

  /** What made this input's scan partial, if anything. */
  issues(): ScanIssue[] {
    const path = this.#location.path;
    const out: ScanIssue[] = [];
    if (this.#invalidUtf8) {
      out.push({
        path,
        kind: 'partial',
        reason: 'invalid-utf8',
        detail: 'invalid UTF-8 bytes were read as U+FFFD; the rest was scanned',
      });
    }
    if (this.#cutLines.length > 0) {
      const lines = this.#cutLines;
      const shown = lines.length > 3 ? `${lines.slice(0, 3).join(', ')}, …` : lines.join(', ');
      out.push({
        path,
        kind: 'partial',
        reason: 'too-long-line',
        detail: `line${lines.length > 1 ? 's' : ''} ${shown} too long for one ${this.#settings.windowBytes}-byte window, scanned in overlapping pieces: context on ${lines.length > 1 ? 'them' : 'it'} may be cut`,
      });
    }
    return out;
  }
}
