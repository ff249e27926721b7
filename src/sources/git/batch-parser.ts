/**
 * Parses the output of `git cat-file --batch`: for each object a header line
 * `<oid> <type> <size>`, the raw contents and a newline; `<name> missing` (or `ambiguous`) when
 * git cannot find it. See git-cat-file(1), "BATCH OUTPUT".
 *
 * Objects up to `wholeLimit` bytes come out in one piece; bigger ones as consecutive parts of at
 * most `partBytes`, so a 2 GB blob never sits in memory whole.
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
  /** Whole objects: the buffer being filled. Parts: the pending part. */
  buf: Buffer;
  fill: number;
  /** Offset of `buf` in the object (parts only). */
  partOffset: number;
}

export class BatchParser {
  readonly #opts: BatchParserOptions;
  /** Unparsed header bytes carried over from the previous chunk. */
  #head: Buffer = Buffer.alloc(0);
  #body: Body | undefined;
  /** The newline that ends each object's contents is still to be skipped. */
  #skipNewline = false;

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
        const take = Math.min(body.size - body.done, chunk.length - pos, body.buf.length - body.fill);
        if (body.fill === 0 && take === body.buf.length) {
          // The whole piece sits inside this chunk: hand out a view, no copy.
          body.buf = chunk.subarray(pos, pos + take);
        } else {
          chunk.copy(body.buf, body.fill, pos, pos + take);
        }
        body.fill += take;
        body.done += take;
        pos += take;
        yield* this.#flushBody(body);
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
      const record = this.#startObject(line);
      if (record) yield record;
      else if (this.#body) yield* this.#flushBody(this.#body);
    }
  }

  #startObject(line: string): BatchRecord | undefined {
    const parts = line.split(' ');
    const [oid = '', second = '', third] = parts;
    if (third === undefined) return { kind: 'missing', oid, reason: second || 'unreadable' };
    const size = Number(third);
    if (!Number.isSafeInteger(size) || size < 0)
      throw new Error(`cat-file: unexpected header '${line.slice(0, 120)}'`);
    const whole = size <= this.#opts.wholeLimit;
    this.#body = {
      oid,
      type: second,
      size,
      done: 0,
      whole,
      buf: Buffer.allocUnsafe(whole ? size : Math.min(this.#opts.partBytes, size)),
      fill: 0,
      partOffset: 0,
    };
    return undefined;
  }

  *#flushBody(body: Body): Generator<BatchRecord> {
    const finished = body.done === body.size;
    if (body.whole) {
      if (!finished) return;
      this.#body = undefined;
      this.#skipNewline = true;
      yield { kind: 'object', oid: body.oid, type: body.type, size: body.size, data: body.buf };
      return;
    }
    if (body.fill < body.buf.length && !finished) return;
    const data = body.buf.subarray(0, body.fill);
    const offset = body.partOffset;
    if (finished) {
      this.#body = undefined;
      this.#skipNewline = true;
    } else {
      body.partOffset += body.fill;
      body.buf = Buffer.allocUnsafe(Math.min(this.#opts.partBytes, body.size - body.done));
      body.fill = 0;
    }
    yield { kind: 'part', oid: body.oid, type: body.type, size: body.size, offset, data, last: finished };
  }
}
