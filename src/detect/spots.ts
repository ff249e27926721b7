import { TOKEN_MAX } from './seed-plan.js';

/**
 * The stretches of a text around its seeds that detection reads: `marginLines` whole lines each
 * side of a seed, so every name, AWS block, partner and concatenation a rule could consult is
 * inside, and seeds near each other share one spot, so candidates that may pair meet. On long
 * lines (minified code) a spot reaches at most `reachBytes` each side of its seed, widened to
 * the edge of the token there so that no value is ever cut in two.
 */
export interface Spot {
  /** Byte offsets [from, to). */
  from: number;
  to: number;
  /** `from` is not at a line start: the spot's first line is the tail of a longer line. */
  cutStart: boolean;
  /** `to` is not at a line end. */
  cutEnd: boolean;
}

/** Characters a cut must not fall between: a value's, its escapes, and the `=` after it. */
const TOKEN = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=%\\')
  TOKEN[c.charCodeAt(0)] = 1;
/**
 * A cut moves at most this far to a token's edge. Inside a longer run it stays where it is: the
 * part the spot sees is then longer than any value (tokens reach 4,096 after a prefix), and a
 * value must end where its run ends, so no piece of that run can be taken for one.
 */
const MAX_WIDEN = TOKEN_MAX + 64;
const NEWLINE = 0x0a;

export function buildSpots(
  b: Buffer,
  seeds: readonly number[],
  marginLines: number,
  reachBytes: number,
): Spot[] {
  const spots: Spot[] = [];
  let last: Spot | undefined;
  // A spot's end is that of its last seed (ends grow with seeds). A seed inside the end known
  // so far joins without working out its own; only the latest such seed's end is worked out,
  // when a seed falls beyond, or at the close.
  let pending = -1;
  const settle = () => {
    if (!last || pending < 0) return;
    const { to, cut } = spotEnd(b, pending, marginLines, reachBytes);
    if (to > last.to) {
      last.to = to;
      last.cutEnd = cut;
    }
    pending = -1;
  };
  for (const seed of seeds) {
    if (last && seed < last.to) {
      pending = seed;
      continue;
    }
    settle();
    if (last && seed < last.to) {
      pending = seed;
      continue;
    }
    const { from, cut: cutStart } = spotStart(b, seed, marginLines, reachBytes);
    const { to, cut: cutEnd } = spotEnd(b, seed, marginLines, reachBytes);
    if (last && from <= last.to) {
      last.to = to;
      last.cutEnd = cutEnd;
    } else {
      last = { from, to, cutStart, cutEnd };
      spots.push(last);
    }
  }
  settle();
  return spots;
}

// Line breaks are searched in a view bounded by the reach: on a long line an unbounded search
// would run to the text's edge for every seed.
function spotStart(b: Buffer, seed: number, lines: number, reach: number): { from: number; cut: boolean } {
  const floor = Math.max(0, seed - reach);
  const view = b.subarray(floor, seed);
  let at = view.length;
  for (let k = 0; k <= lines; k++) {
    const nl = at > 0 ? view.lastIndexOf(NEWLINE, at - 1) : -1;
    if (nl === -1) {
      // The search ended at a line break, or at the text's start: no line is cut.
      if (floor === 0) return { from: 0, cut: false };
      if (k > 0 && at === 0) return { from: floor + 1, cut: false };
      return { from: widenBack(b, floor), cut: true };
    }
    at = nl;
  }
  return { from: floor + at + 1, cut: false };
}

function spotEnd(b: Buffer, seed: number, lines: number, reach: number): { to: number; cut: boolean } {
  const ceiling = Math.min(b.length, seed + reach);
  const view = b.subarray(seed, ceiling);
  let at = 0;
  for (let k = 0; k <= lines; k++) {
    const nl = at < view.length ? view.indexOf(NEWLINE, at) : -1;
    if (nl === -1) {
      if (ceiling === b.length || (k > 0 && at === view.length)) return { to: ceiling, cut: false };
      return { to: widenForward(b, ceiling), cut: true };
    }
    at = nl + 1;
  }
  // Up to the last line break: the line it ends is whole.
  return { to: seed + at, cut: false };
}

/** Back to the start of the token (or UTF-8 character) `at` falls in. */
function widenBack(b: Buffer, at: number): number {
  let i = at;
  while (i > 0 && (b[i]! & 0xc0) === 0x80) i--;
  const limit = Math.max(0, i - MAX_WIDEN);
  while (i > limit && TOKEN[b[i - 1]!] === 1) i--;
  return i;
}

function widenForward(b: Buffer, at: number): number {
  let i = at;
  const limit = Math.min(b.length, i + MAX_WIDEN);
  while (i < limit && TOKEN[b[i]!] === 1) i++;
  while (i < b.length && (b[i]! & 0xc0) === 0x80) i++;
  return i;
}
