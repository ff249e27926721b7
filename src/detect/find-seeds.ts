import { normalizeText } from './normalize-text.js';
import { NAMED_TOKEN_MIN, PREFIXED_TOKEN_MIN, SECRET_LENGTH, type SeedPlan, TOKEN_MAX } from './seed-plan.js';
import {
  type ByteTriple,
  createSimdSeedScanner,
  EVENT_START,
  type SimdSeedScanner,
} from './simd-seed-scan.js';

/**
 * The places in a text where a built-in rule could match, found on its bytes before any
 * decoding: the few spots that detection then reads with all its context (see spots.ts).
 *
 * Most of a big tree is code that mentions `aws` and `secret` everywhere but holds no credential,
 * and reading all of it costs several passes over every byte. A credential always shows one of
 * these, cheap to find on raw bytes:
 * - a key id prefix (`AKIA`…) where a key id can start, case-sensitive as the patterns are, also
 *   when a concatenation splits the id after it;
 * - a run of base64 characters long enough to hold a value (runs also take `%` and `\`, so URL-
 *   and JSON-escaped values are seen): exactly 40 that could be a secret, 100 to 4,096 (a named
 *   token), or one starting with a token prefix, or holding an encoded key id;
 * - the start of a base64-encoded key id (`QUtJQ`…, Kubernetes `data:` values);
 * - two string literals joined (`'…' + '…'`, PHP `.`, adjacent literals): a split secret.
 *
 * `whole` is set when the text must be read whole after all: a Kubernetes Secret, whose every
 * `data:` value is decoded wherever it sits.
 */
export interface Seeds {
  /** Byte offsets, ascending. */
  offsets: number[];
  whole: boolean;
}

/** Characters a value's run is made of: base64, plus the escape starts `%` and `\`. */
const RUN = byteSet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/%\\');
/** The shortest run worth a look: a secret's. */
const MIN_RUN = SECRET_LENGTH;
const ALNUM = byteSet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
/** Characters a joined literal ends or starts with (derived-lines.ts LITERAL). */
const LITERAL_CHAR = byteSet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=');

const PERCENT = 0x25;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;
const NEWLINE = 0x0a;

/** base64 of AKIA/ASIA/ABIA/ACCA at the three offsets of a block (derived-lines.ts ENCODED_ID). */
const ENCODED_KEY_ID = /QUtJQ|QVNJQ|QUJJQ|QUNDQ|FLSU|FTSU|FCSU|FDQ0|BS0lB|BU0lB|BQklB|BQ0NB/;
/**
 * The forms at offset 0, after their `Q`: what an encoded key id on its own starts with (27
 * characters, too short for a value's run). The other offsets only occur inside longer runs.
 */
const ENCODED_AFTER_Q = ['UtJQ', 'VNJQ', 'UJJQ', 'UNDQ'].map((s) => Buffer.from(s));
/** A value inside a run once its escapes are undone (normalize-text.ts). */
const VALUE_IN_RUN = new RegExp(
  `(?<![A-Za-z0-9+/])(?:[A-Za-z0-9+/]{${SECRET_LENGTH}}(?![A-Za-z0-9+/=])|[A-Za-z0-9+/]{${PREFIXED_TOKEN_MIN},})`,
);

/**
 * `simd: false` takes the plain JavaScript path even where WebAssembly SIMD is available: both
 * find the same seeds (the tests hold them to it).
 */
export function findSeeds(bytes: Uint8Array, plan: SeedPlan, simd = true): Seeds {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (holdsKubernetesSecret(b)) return { offsets: [], whole: true };
  const out: number[] = [];
  const events = simd ? simdScanner(plan)?.scan(b) : undefined;
  if (events) {
    seedsFromEvents(b, events, plan, out);
  } else {
    findPrefixes(b, plan.prefixes, out);
    findJunctions(b, 0x22, out);
    findJunctions(b, 0x27, out);
    findEncodedKeyIds(b, out);
    findRuns(b, plan, out);
  }
  out.sort((x, y) => x - y);
  return { offsets: out, whole: false };
}

const simdScanners = new WeakMap<SeedPlan, SimdSeedScanner | null>();

function simdScanner(plan: SeedPlan): SimdSeedScanner | undefined {
  let scanner = simdScanners.get(plan);
  if (scanner === undefined) {
    const starts: ByteTriple[] = [
      ...plan.prefixes.map((p): ByteTriple => [p[0]!, p[1]!, p[2]!]),
      ...ENCODED_AFTER_Q.map((rest): ByteTriple => [0x51, rest[0]!, rest[1]!]),
    ];
    scanner = createSimdSeedScanner(MIN_RUN, starts) ?? null;
    simdScanners.set(plan, scanner);
  }
  return scanner ?? undefined;
}

/** The SIMD pass's candidates, checked as the JavaScript passes check theirs. */
function seedsFromEvents(b: Buffer, events: Int32Array, plan: SeedPlan, out: number[]): void {
  for (let k = 0; k < events.length; k += 2) {
    const at = events[k]!;
    const kind = events[k + 1]!;
    if (kind >= 0) {
      if (isSeedRun(b, at, kind, plan)) out.push(at);
    } else if (kind === EVENT_START) {
      const prefix = plan.prefixes.some((p) => startsWith(b, at, p)) && mayStartKeyId(b, at);
      if (prefix || isEncodedKeyIdAt(b, at)) out.push(at);
    } else if (isJunction(b, at)) {
      out.push(at);
    }
  }
}

/** detect/derived-lines.ts decodes every `data:` value of a text holding `kind: Secret`. */
function holdsKubernetesSecret(b: Buffer): boolean {
  for (let i = b.indexOf('kind:'); i !== -1; i = b.indexOf('kind:', i + 5)) {
    let j = i + 5;
    while (j < b.length && isSpace(b[j]!)) j++;
    if (b.toString('latin1', j, j + 6) === 'Secret') return b.includes('data:');
  }
  return false;
}

/**
 * Each prefix is searched without its first byte (`KIA`, `SIA`, `3T`): that byte is an `A` in
 * them all, common in code (`AWS`), while the rest is rare, so the native search seldom stops.
 */
function findPrefixes(b: Buffer, prefixes: readonly Uint8Array[], out: number[]): void {
  for (const p of prefixes) {
    const tail = p.subarray(1);
    for (let i = b.indexOf(tail, 1); i !== -1; i = b.indexOf(tail, i + 1)) {
      if (b[i - 1] === p[0] && mayStartKeyId(b, i - 1)) out.push(i - 1);
    }
  }
}

/**
 * A key id starts where no letter or digit comes before it (the patterns' lookbehind), also
 * once escapes are undone (`%2F`, `\u002F` end in a letter or digit but read as `/`). A prefix
 * inside a longer token is no seed: base64 blobs hold `AKIA` and `ABIA` often, and only a
 * concatenation could make one a key id's start, whose junction is a seed of its own.
 */
function mayStartKeyId(b: Buffer, at: number): boolean {
  if (at === 0 || ALNUM[b[at - 1]!] === 0) return true;
  if (at >= 3 && b[at - 3] === PERCENT) return ESCAPED_BEFORE.test(b.toString('latin1', at - 3, at));
  if (at >= 6 && b[at - 6] === BACKSLASH) return ESCAPED_BEFORE.test(b.toString('latin1', at - 6, at));
  return false;
}

/** The escapes normalize-text.ts turns into `+`, `/` or `=`. */
const ESCAPED_BEFORE = /^(?:%2[BbFf]|%3[Dd]|\\u00(?:2[BbFf]|3[Dd]))$/;

/** `Q` is rare in text: one search for it, the rest compared in place. */
function findEncodedKeyIds(b: Buffer, out: number[]): void {
  for (let i = b.indexOf(0x51); i !== -1; i = b.indexOf(0x51, i + 1)) {
    if (isEncodedKeyIdAt(b, i)) out.push(i);
  }
}

function isEncodedKeyIdAt(b: Buffer, at: number): boolean {
  return b[at] === 0x51 && ENCODED_AFTER_Q.some((rest) => startsWith(b, at + 1, rest));
}

/**
 * A quote closing a literal of credential characters, then spaces, an optional `+` or `.`, at
 * most one line break, and a quote opening another: where derived-lines.ts joins literals.
 */
function findJunctions(b: Buffer, quote: number, out: number[]): void {
  for (let i = b.indexOf(quote); i !== -1; i = b.indexOf(quote, i + 1)) {
    if (isJunction(b, i)) out.push(i);
  }
}

function isJunction(b: Buffer, i: number): boolean {
  if (i === 0 || LITERAL_CHAR[b[i - 1]!] === 0) return false;
  let j = skipBlanks(b, i + 1);
  if (b[j] === 0x2b || b[j] === 0x2e) j = skipBlanks(b, j + 1);
  if (b[j] === 0x0d) j++;
  if (b[j] === NEWLINE) j = skipBlanks(b, j + 1);
  return j < b.length - 1 && (b[j] === 0x22 || b[j] === 0x27) && LITERAL_CHAR[b[j + 1]!] === 1;
}

function skipBlanks(b: Buffer, from: number): number {
  let j = from;
  while (j < b.length && (b[j] === 0x20 || b[j] === 0x09)) j++;
  return j;
}

/**
 * Every run of RUN characters at least MIN_RUN long, found by probing one byte in MIN_RUN: a
 * byte outside the set rules out every run through it, so most of the text is never touched.
 * `i` is always a place a run may start (the byte before it is not in the set).
 */
function findRuns(b: Buffer, plan: SeedPlan, out: number[]): void {
  const n = b.length;
  let i = 0;
  while (i + MIN_RUN <= n) {
    const probe = i + MIN_RUN - 1;
    if (RUN[b[probe]!] === 0) {
      i = probe + 1;
      continue;
    }
    let q = probe - 1;
    while (q >= i && RUN[b[q]!] === 1) q--;
    if (q >= i) {
      i = q + 1;
      continue;
    }
    let e = probe + 1;
    while (e < n && RUN[b[e]!] === 1) e++;
    if (isSeedRun(b, i, e, plan)) out.push(i);
    i = e + 1;
  }
}

function isSeedRun(b: Buffer, start: number, end: number, plan: SeedPlan): boolean {
  const length = end - start;
  let escaped = false;
  for (let k = start; k < end; k++) {
    const c = b[k];
    if (c === PERCENT || c === BACKSLASH) {
      escaped = true;
      break;
    }
  }
  if (escaped) {
    const text = normalizeText(b.toString('latin1', start, end));
    return VALUE_IN_RUN.test(text) || ENCODED_KEY_ID.test(text);
  }
  if (length === SECRET_LENGTH) {
    if (b[end] !== EQUALS && plan.secretValue(b.toString('latin1', start, end))) return true;
  } else if (length >= NAMED_TOKEN_MIN && length <= TOKEN_MAX) {
    return true;
  }
  if (length >= PREFIXED_TOKEN_MIN && plan.tokenPrefixes.some((p) => startsWith(b, start, p))) return true;
  return ENCODED_KEY_ID.test(b.toString('latin1', start, end));
}

function startsWith(b: Buffer, at: number, p: Uint8Array): boolean {
  if (at + p.length > b.length) return false;
  for (let k = 1; k < p.length; k++) if (b[at + k] !== p[k]) return false;
  return b[at] === p[0];
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function byteSet(chars: string): Uint8Array {
  const set = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}
