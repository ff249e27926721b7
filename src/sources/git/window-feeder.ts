import { sniffEncoding, type TextEncoding } from '../decode-bytes.js';
import { type WindowCut, WindowCutter, type WindowSettings } from '../text-windows.js';

export interface BlobWindow {
  /** The window's bytes: a view valid until the next `push`. */
  bytes: Buffer;
  cut: WindowCut;
  encoding: TextEncoding;
  last: boolean;
}

/**
 * Cuts a blob too big to scan at once into the shared overlapping windows as its parts stream
 * in from git, so each window can be scanned on any worker thread: line numbers and the lines
 * each window owns are decided here, in order. One work buffer of about two windows is reused
 * for the whole blob.
 */
export class WindowFeeder {
  readonly #settings: WindowSettings;
  #cutter: WindowCutter | undefined;
  #encoding: TextEncoding = 'utf8';
  #work: Buffer = Buffer.alloc(0);
  /** Bytes in `#work` still to be cut start here and end at `#end`. */
  #start = 0;
  #end = 0;
  #started = false;
  #binary = false;

  constructor(settings: WindowSettings) {
    this.#settings = settings;
  }

  /** The blob's first bytes showed it is binary: nothing to scan, the rest is dropped. */
  get binary(): boolean {
    return this.#binary;
  }

  push(part: Buffer, last: boolean): BlobWindow[] {
    if (this.#binary) return [];
    let data = part;
    if (!this.#started) {
      this.#started = true;
      const sniffed = sniffEncoding(data);
      if (sniffed.kind === 'binary') {
        this.#binary = true;
        return [];
      }
      this.#encoding = sniffed.encoding;
      this.#cutter = new WindowCutter(sniffed.encoding, this.#settings);
      data = data.subarray(sniffed.bomLength);
    }
    this.#append(data);
    const cutter = this.#cutter!;
    const size = this.#settings.windowBytes;
    const windows: BlobWindow[] = [];
    while (this.#end - this.#start >= size && !(last && this.#end - this.#start === size)) {
      const window = this.#work.subarray(this.#start, this.#start + size);
      const cut = cutter.cut(window, false);
      windows.push({ bytes: window.subarray(0, cut.end), cut, encoding: this.#encoding, last: false });
      this.#start += cut.next;
    }
    if (last) {
      const rest = this.#work.subarray(this.#start, this.#end);
      windows.push({ bytes: rest, cut: cutter.cut(rest, true), encoding: this.#encoding, last: true });
      this.#start = this.#end;
    }
    return windows;
  }

  /** Moves the uncut tail to the front (the previous windows are no longer in use) and appends. */
  #append(data: Buffer): void {
    const keep = this.#end - this.#start;
    if (keep + data.length > this.#work.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(keep + data.length, this.#settings.windowBytes * 2));
      this.#work.copy(bigger, 0, this.#start, this.#end);
      this.#work = bigger;
    } else {
      this.#work.copyWithin(0, this.#start, this.#end);
    }
    data.copy(this.#work, keep);
    this.#start = 0;
    this.#end = keep + data.length;
  }
}
