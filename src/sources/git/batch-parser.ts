/**
 * Parses the output of `git cat-file --batch`: for each object a header line
 * `<oid> <type> <size>`, the raw contents and a newline; `<name> missing` (or `ambiguous`) when
 * git cannot find it. See git-cat-file(1), "BATCH OUTPUT".
 *
 * Objects up to `wholeLimit` bytes come out in one piece; bigger ones as consecutive parts of at
 * most `partBytes`, so a 2 GB blob never sits in memory whole.
 *
 * `data` is only valid until the next record is asked for: it is a view into git's output or
 * into a buffer the parser reuses, so reading gigabytes allocates almost nothing. Copy or decode
 * it before moving on.
 */
export type BatchRecord =
  | { kind: 'object'; oid: string; type: string; size: number; data: Buffer }
  | { kind: 'part'; oid: string; type: string; size: number; offset: number; data: Buffer; last: boolean }
  | { kind: 'missing'; oid: string; reason: string };

export interface BatchParserOptions {
  wholeLimit: number;
  partBytes: number;
}

interface Body {
  oid: string;
  type: string;
  size: number;
  /** Bytes of contents consumed so far. */
  done: number;
  whole: boolean;
  /** Bytes gathered in the scratch buffer for the object (whole) or the current part. */
  fill: number;
  /** Offset of the current part in the object (parts only). */
  partOffset: number;
}

export class BatchParser {
  readonly #opts: BatchParserOptions;
  /** Unparsed header bytes carried over from the previous chunk. */
  #head: Buffer = Buffer.alloc(0);
  #body: Body | undefined;
  /** The newline that ends each object's contents is still to be skipped. */
  #skipNewline = false;
  /** Reused for objects and parts that span chunks; grows to the largest one seen. */
  #scratch: Buffer = Buffer.alloc(0);

  constructor(opts: BatchParserOptions) {
    this.#opts = opts;
  }

  /** True between objects: nothing buffered, nothing half-read. */
  get idle(): boolean {
    return this.#body === undefined && this.#head.length === 0 && !this.#skipNewline;
  }

  *feed(chunk: Buffer): Generator<BatchRecord> {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.#skipNewline) {
        this.#skipNewline = false;
        if (chunk[pos] === 10) pos++;
        continue;
      }
      const body = this.#body;
      if (body) {
        const want = this.#pieceSize(body) - body.fill;
        const take = Math.min(want, chunk.length - pos);
        let data: Buffer | undefined;
        if (body.fill === 0 && take === want) {
          // The whole piece sits inside this chunk: hand out a view, no copy.
          data = chunk.subarray(pos, pos + take);
        } else {
          chunk.copy(this.#scratchOf(this.#pieceSize(body)), body.fill, pos, pos + take);
          if (take === want) data = this.#scratch.subarray(0, body.fill + take);
        }
        body.fill += take;
        body.done += take;
        pos += take;
        if (data) yield this.#emit(body, data);
        continue;
      }
      const nl = chunk.indexOf(10, pos);
      if (nl === -1) {
        this.#head = Buffer.concat([this.#head, chunk.subarray(pos)]);
        return;
      }
      const line = (
        this.#head.length > 0 ? Buffer.concat([this.#head, chunk.subarray(pos, nl)]) : chunk.subarray(pos, nl)
      ).toString('latin1');
      this.#head = Buffer.alloc(0);
      pos = nl + 1;
      const missing = this.#startObject(line);
      if (missing) yield missing;
      else if (this.#body && this.#body.size === 0) yield this.#emit(this.#body, Buffer.alloc(0));
    }
  }

  #startObject(line: string): BatchRecord | undefined {
    const [oid = '', second = '', third] = line.split(' ');
    if (third === undefined) return { kind: 'missing', oid, reason: second || 'unreadable' };
    const size = Number(third);
    if (!Number.isSafeInteger(size) || size < 0)
      throw new Error(`cat-file: unexpected header '${line.slice(0, 120)}'`);
    this.#body = {
      oid,
      type: second,
      size,
      done: 0,
      whole: size <= this.#opts.wholeLimit,
      fill: 0,
      partOffset: 0,
    };
    return undefined;
  }

  /** Bytes of the piece being gathered: the whole object, or the current part. */
  #pieceSize(body: Body): number {
    return body.whole ? body.size : Math.min(this.#opts.partBytes, body.size - body.partOffset);
  }

  #scratchOf(size: number): Buffer {
    if (this.#scratch.length < size) this.#scratch = Buffer.allocUnsafeSlow(size);
    return this.#scratch;
  }

  /** Hands out a finished object or part and sets up for what follows. */
  #emit(body: Body, data: Buffer): BatchRecord {
    const finished = body.done === body.size;
    if (finished) {
      this.#body = undefined;
      this.#skipNewline = true;
    }
    if (body.whole) return { kind: 'object', oid: body.oid, type: body.type, size: body.size, data };
    const offset = body.partOffset;
    body.partOffset += data.length;
    body.fill = 0;
    return { kind: 'part', oid: body.oid, type: body.type, size: body.size, offset, data, last: finished };
  }
}
