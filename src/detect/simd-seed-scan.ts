/**
 * The byte pass of the seed scan in WebAssembly SIMD: 16 bytes a step, where the same pass in
 * JavaScript touches bytes one at a time. It reports, in one pass over a text:
 * - every run of value characters (base64, `%`, `\`) at least `minRun` long, as [start, end);
 * - every place one of a few three-byte starts occurs (of key id prefixes and encoded key ids),
 *   for the caller to check the rest;
 * - every quote that closes a literal (a literal character before it) and is followed by what
 *   can join another literal (a blank, `+`, `.`, a line break, a quote).
 * The caller (find-seeds.ts) checks every candidate exactly as its plain JavaScript path does,
 * so this module only decides where to look, never what is found.
 *
 * The module is assembled here from its instructions: a few hundred bytes, no build step and no
 * binary in the repository. Node has had WebAssembly SIMD since 16.4.
 */

export const EVENT_START = -1;
export const EVENT_QUOTE = -2;

export interface SimdSeedScanner {
  /**
   * Events as [a, b] pairs: a run [a, b) when b >= 0, else a candidate of kind b at a.
   * Undefined when there were too many to hold (the caller then scans in JavaScript).
   */
  scan(bytes: Uint8Array): Int32Array | undefined;
}

/** The first three bytes of something to find. */
export type ByteTriple = readonly [number, number, number];

/** The parts of the WebAssembly global used here (its types live in lib.dom, not in this project). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export function createSimdSeedScanner(
  minRun: number,
  starts: readonly ByteTriple[],
): SimdSeedScanner | undefined {
  const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
  let instance: { exports: Record<string, unknown> };
  try {
    if (!wasm) return undefined;
    instance = new wasm.Instance(new wasm.Module(assemble(minRun, starts)));
  } catch {
    // No SIMD on this platform: the JavaScript path serves.
    return undefined;
  }
  const memory = instance.exports['memory'] as WasmMemory;
  const run = instance.exports['scan'] as (len: number, out: number, cap: number) => number;
  return {
    scan(bytes) {
      const len = bytes.length;
      const out = align8(len + PADDING);
      const cap = Math.ceil(len / 8) + 1024;
      const need = out + cap * 8;
      if (memory.buffer.byteLength < need) {
        try {
          memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
        } catch {
          return undefined;
        }
      }
      const mem = new Uint8Array(memory.buffer);
      mem.set(bytes, 0);
      // Loads read up to 16 bytes past the end: zeros there are in no class.
      mem.fill(0, len, len + PADDING);
      const n = run(len, out, cap);
      return n < 0 ? undefined : new Int32Array(memory.buffer, out, n * 2);
    },
  };
}

const PAGE = 65536;
const PADDING = 32;

function align8(n: number): number {
  return (n + 7) & ~7;
}

// ---- the module ----------------------------------------------------------------------------

const I32 = 0x7f;
const V128 = 0x7b;
const VOID = 0x40;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  localGet: 0x20,
  localSet: 0x21,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Ne: 0x47,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  i32Clz: 0x67,
  i32Ctz: 0x68,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
} as const;
const simd = { load: 0x00, const: 0x0c, eq: 0x23, ltU: 0x26, and: 0x4e, or: 0x50, bitmask: 0x64, sub: 0x71 };

// Parameters and locals of `scan`.
const LEN = 0;
const OUT = 1;
const CAP = 2;
const I = 3;
const RUN_START = 4;
const N = 5;
const MASK = 6;
const LIT = 7;
const CARRY = 8;
const CAND = 9;
const BLK = 10;
const NXT = 11;
const ALNUM = 12;
const NXT2 = 13;

type Code = number[];

const get = (l: number): Code => [op.localGet, l];
const set = (l: number): Code => [op.localSet, l];
const i32 = (v: number): Code => [op.i32Const, ...sleb(v)];
const v = (o: number): Code => [0xfd, o];
/** A vector of one byte in every lane, as a constant. */
const splat = (byte: number): Code => [...v(simd.const), ...new Array<number>(16).fill(byte & 0xff)];
/** Lanes of `vec` equal to `byte`. */
const eq = (vec: number, byte: number): Code => [...get(vec), ...splat(byte), ...v(simd.eq)];
/** Lanes of `vec` in [lo, lo + count). */
const range = (vec: number, lo: number, count: number): Code => [
  ...get(vec),
  ...splat(lo),
  ...v(simd.sub),
  ...splat(count),
  ...v(simd.ltU),
];
const or = (...parts: Code[]): Code => parts.flatMap((p, k) => (k === 0 ? p : [...p, ...v(simd.or)]));

/** `value` stored at out + n * 8 + offset. */
const store = (offset: number, value: Code): Code => [
  ...get(OUT),
  ...get(N),
  ...i32(3),
  op.i32Shl,
  op.i32Add,
  ...value,
  op.i32Store,
  2,
  offset,
];

/** Stores [a, b] at out + n * 8 and counts it; returns -1 from `scan` when out of room. */
function emit(a: Code, b: Code): Code {
  return [
    ...get(N),
    ...get(CAP),
    op.i32GeU,
    op.if,
    VOID,
    ...i32(-1),
    op.return,
    op.end,
    ...store(0, a),
    ...store(4, b),
    ...get(N),
    ...i32(1),
    op.i32Add,
    ...set(N),
  ];
}

/** emit(RUN_START, end) when the run up to `end` is at least `minRun` long. */
function emitRunUpTo(end: Code, minRun: number): Code {
  return [
    ...end,
    ...get(RUN_START),
    op.i32Sub,
    ...i32(minRun),
    op.i32GeS,
    op.if,
    VOID,
    ...emit(get(RUN_START), end),
    op.end,
  ];
}

/** For each set bit of CAND: emit(I + bit, kind). */
function emitBits(kind: number): Code {
  return [
    op.block,
    VOID,
    op.loop,
    VOID,
    ...get(CAND),
    op.i32Eqz,
    op.brIf,
    1,
    ...emit([...get(I), ...get(CAND), op.i32Ctz, op.i32Add], i32(kind)),
    ...get(CAND),
    ...get(CAND),
    ...i32(1),
    op.i32Sub,
    op.i32And,
    ...set(CAND),
    op.br,
    0,
    op.end,
    op.end,
  ];
}

function scanBody(minRun: number, starts: readonly ByteTriple[]): Code {
  const c = (ch: string) => ch.charCodeAt(0);
  // Grouped by first byte, then by third: `A` then (`K`|`S`|`B`) then `I` is five compares.
  const startMask = or(
    ...[...new Set(starts.map(([a]) => a))].map((a) => {
      const ofA = starts.filter(([x]) => x === a);
      const byThird = [...new Set(ofA.map(([, , c]) => c))].map((c) => [
        ...or(...[...new Set(ofA.filter(([, , z]) => z === c).map(([, b]) => b))].map((b) => eq(NXT, b))),
        ...eq(NXT2, c),
        ...v(simd.and),
      ]);
      return [...eq(BLK, a), ...or(...byThird), ...v(simd.and)];
    }),
  );
  return [
    op.block,
    VOID,
    op.loop,
    VOID,
    ...get(I),
    ...get(LEN),
    op.i32GeU,
    op.brIf,
    1,
    // blk = bytes [i, i + 16), nxt = bytes [i + 1, i + 17)
    ...get(I),
    ...v(simd.load),
    0,
    0,
    ...set(BLK),
    ...get(I),
    ...v(simd.load),
    0,
    1,
    ...set(NXT),
    ...get(I),
    ...v(simd.load),
    0,
    2,
    ...set(NXT2),
    // Letters (either case: `| 0x20` lowers them), `/` and digits (adjacent in ASCII), and `+`:
    // the part the value and literal classes share.
    ...or(
      [
        ...get(BLK),
        ...splat(0x20),
        ...v(simd.or),
        ...splat(c('a')),
        ...v(simd.sub),
        ...splat(26),
        ...v(simd.ltU),
      ],
      range(BLK, c('/'), 11),
      eq(BLK, c('+')),
    ),
    ...set(ALNUM),
    // Runs: a block of value characters only continues the run; otherwise the run that reached
    // the block ends at its first other byte, and the next one starts after its last.
    ...or(get(ALNUM), eq(BLK, c('%')), eq(BLK, c('\\'))),
    ...v(simd.bitmask),
    ...set(MASK),
    ...get(MASK),
    ...i32(0xffff),
    op.i32Ne,
    op.if,
    VOID,
    ...get(MASK),
    ...i32(0xffff),
    op.i32Xor,
    ...set(MASK),
    ...emitRunUpTo([...get(I), ...get(MASK), op.i32Ctz, op.i32Add], minRun),
    ...get(I),
    ...i32(32),
    op.i32Add,
    ...get(MASK),
    op.i32Clz,
    op.i32Sub,
    ...set(RUN_START),
    op.end,
    // Quotes after a literal character (this block's literal mask shifted by one, with the
    // previous block's last bit carried in) and before a joining byte.
    // Most blocks hold no quote: the rest is only worked out for those that do.
    ...or(get(ALNUM), eq(BLK, c('='))),
    ...v(simd.bitmask),
    ...set(LIT),
    ...or(eq(BLK, c('"')), eq(BLK, c("'"))),
    ...v(simd.bitmask),
    ...set(CAND),
    ...get(CAND),
    op.if,
    VOID,
    ...get(CAND),
    ...or(range(NXT, c('\t'), 2), ...[' ', '+', '.', '\r', '"', "'"].map((ch) => eq(NXT, c(ch)))),
    ...v(simd.bitmask),
    op.i32And,
    ...get(LIT),
    ...i32(1),
    op.i32Shl,
    ...get(CARRY),
    op.i32Or,
    op.i32And,
    ...set(CAND),
    ...emitBits(EVENT_QUOTE),
    op.end,
    ...get(LIT),
    ...i32(15),
    op.i32ShrU,
    ...set(CARRY),
    ...(starts.length > 0
      ? [
          ...or(...[...new Set(starts.map(([a]) => a))].map((a) => eq(BLK, a))),
          ...v(simd.bitmask),
          op.if,
          VOID,
          ...startMask,
          ...v(simd.bitmask),
          ...set(CAND),
          ...emitBits(EVENT_START),
          op.end,
        ]
      : []),
    ...get(I),
    ...i32(16),
    op.i32Add,
    ...set(I),
    op.br,
    0,
    op.end,
    op.end,
    // A run that reaches the end of the text on a block boundary.
    ...emitRunUpTo(get(LEN), minRun),
    ...get(N),
  ];
}

function assemble(minRun: number, starts: readonly ByteTriple[]): Uint8Array {
  const body = [
    // locals: 7 i32 (I .. CAND), 4 v128 (BLK, NXT, ALNUM, NXT2)
    2,
    7,
    I32,
    4,
    V128,
    ...scanBody(minRun, starts),
    op.end,
  ];
  const section = (id: number, bytes: Code): Code => [id, ...uleb(bytes.length), ...bytes];
  const name = (s: string): Code => [s.length, ...Buffer.from(s)];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 3, I32, I32, I32, 1, I32]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('scan'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

function uleb(n: number): Code {
  const out: Code = [];
  let x = n >>> 0;
  do {
    const byte = x & 0x7f;
    x >>>= 7;
    out.push(x === 0 ? byte : byte | 0x80);
  } while (x !== 0);
  return out;
}

function sleb(n: number): Code {
  const out: Code = [];
  let x = n | 0;
  for (;;) {
    const byte = x & 0x7f;
    x >>= 7;
    const done = (x === 0 && (byte & 0x40) === 0) || (x === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}
