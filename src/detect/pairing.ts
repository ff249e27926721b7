import type { Candidate } from '../model/candidate.js';
import { distinguishingName, namesDisagree } from './name-affinity.js';

/** A credential as found in one chunk: its parts, paired. */
export interface Match {
  keyId?: Candidate;
  secret?: Candidate;
  token?: Candidate;
  /** A user rule's value with no AWS role. */
  generic?: Candidate;
}

export interface PairingLines {
  /** Text of a 0-based line relative to the chunk. */
  text(line: number): string;
}

// Lines that open a new section whatever their indentation: INI `[profile x]`, Markdown headings.
const SECTION_HEADER = /^\s*(?:\[[^\]]+\]|#{1,6}\s)\s*$|^\s*#{1,6}\s/;

/**
 * Pairs key ids with secrets (and ASIA ids with session tokens) one to one, cheapest first.
 * The cost is the line distance, plus a heavy penalty for each section boundary between the
 * two (an INI header, a shallower YAML/JSON line, a heading) and a light one per blank line,
 * so in a file of several profiles each secret finds its own key id, not the first in the file.
 * Names count too: `PROD_…_KEY_ID` does not pair with `DEV_…_SECRET…` while a `PROD_` secret is
 * there, and of two pairings that cost the same, the one keeping reading order wins (ids listed
 * first, then their secrets in the same order).
 */
export function pairCandidates(
  ids: Candidate[],
  secrets: Candidate[],
  tokens: Candidate[],
  lines: PairingLines,
  startLine: number,
  maxDistance: (c: Candidate) => number,
): Match[] {
  const boundary = new BoundaryCounter(lines, startLine);
  const pairedIds = new Set<Candidate>();
  const matches: Match[] = [];

  const names = new Map<Candidate, string>();
  const nameOf = (c: Candidate) => {
    let n = names.get(c);
    if (n === undefined) {
      n = distinguishingName(lines.text(c.line - startLine), c.column);
      names.set(c, n);
    }
    return n;
  };
  const cost = (a: Candidate, b: Candidate): number | undefined => {
    const d = Math.abs(a.line - b.line);
    if (d > maxDistance(b)) return undefined;
    return (
      d * 100 +
      boundary.between(a.line, b.line) +
      (namesDisagree(nameOf(a), nameOf(b)) ? NAME_MISMATCH : 0) +
      Math.min(Math.abs(a.column - b.column), 99) / 100
    );
  };

  const pairUp = (left: Candidate[], right: Candidate[]): Map<Candidate, Candidate> => {
    const edges: { a: Candidate; b: Candidate; cost: number }[] = [];
    const sorted = [...right].sort(byPosition);
    for (const a of left) {
      // Only the nearest few on each side in reading order can win: this keeps a file of
      // thousands of pairs (or one minified line of them) linear, not quadratic.
      const at = lowerBound(sorted, a);
      const near = [...sorted.slice(Math.max(0, at - NEIGHBOURS), at), ...sorted.slice(at, at + NEIGHBOURS)];
      for (const b of near) {
        const c = cost(a, b);
        if (c !== undefined) edges.push({ a, b, cost: c });
      }
    }
    edges.sort((x, y) => x.cost - y.cost);
    const usedA = new Set<Candidate>();
    const usedB = new Set<Candidate>();
    const pairs: [Candidate, Candidate][] = [];
    for (const e of edges) {
      if (usedA.has(e.a) || usedB.has(e.b)) continue;
      usedA.add(e.a);
      usedB.add(e.b);
      pairs.push([e.a, e.b]);
    }
    uncross(pairs, cost);
    return new Map(pairs);
  };

  const secretOf = pairUp(ids, secrets);
  const temporaryIds = ids.filter((c) => c.value.reveal().startsWith('ASIA'));
  const tokenOf = pairUp(temporaryIds, tokens);
  const usedSecrets = new Set(secretOf.values());
  const usedTokens = new Set(tokenOf.values());

  for (const id of ids) {
    const secret = secretOf.get(id);
    const token = tokenOf.get(id);
    matches.push({ keyId: id, ...(secret ? { secret } : {}), ...(token ? { token } : {}) });
    pairedIds.add(id);
  }
  // Unpaired secrets and tokens stand alone only when a keyword named them: a bare value was
  // only ever a candidate because a key id was near.
  for (const s of secrets) if (!usedSecrets.has(s) && s.strongContext) matches.push({ secret: s });
  for (const t of tokens)
    if (!usedTokens.has(t) && (t.strongContext || t.confidence === 'high')) matches.push({ token: t });
  return matches;
}

/** Names that mark two credentials weigh as much as a section boundary. */
const NAME_MISMATCH = 5000;

/**
 * Greedy cheapest-first pairing breaks ties by chance: with ids k1 k2 then secrets s1 s2, k2-s1
 * is cheapest and leaves k1-s2, a crossing that costs the same in total as k1-s1 + k2-s2. Swap
 * crossing pairs (near each other in reading order) when the swap costs the same.
 */
function uncross(
  pairs: [Candidate, Candidate][],
  cost: (a: Candidate, b: Candidate) => number | undefined,
): void {
  pairs.sort((x, y) => byPosition(x[0], y[0]));
  for (let pass = 0, changed = true; changed && pass < 4; pass++) {
    changed = false;
    for (let i = 0; i < pairs.length; i++) {
      for (let j = i + 1; j < Math.min(pairs.length, i + 4); j++) {
        const [a1, b1] = pairs[i]!;
        const [a2, b2] = pairs[j]!;
        if (byPosition(b1, b2) <= 0) continue;
        const now = cost(a1, b1)! + cost(a2, b2)!;
        const c1 = cost(a1, b2);
        const c2 = cost(a2, b1);
        // Equal up to the column tie-breaker: a cheaper swap would overrule the section penalties.
        if (c1 === undefined || c2 === undefined || Math.abs(c1 + c2 - now) >= 1) continue;
        pairs[i] = [a1, b2];
        pairs[j] = [a2, b1];
        changed = true;
      }
    }
  }
}

/** Candidates considered on each side of a key id, in reading order. */
const NEIGHBOURS = 12;

function byPosition(x: Candidate, y: Candidate): number {
  return x.line - y.line || x.column - y.column;
}

/** Index of the first candidate at or after `c` in reading order. */
function lowerBound(sorted: readonly Candidate[], c: Candidate): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byPosition(sorted[mid]!, c) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts section boundaries between two lines, memoising each line's shape. */
class BoundaryCounter {
  readonly #lines: PairingLines;
  readonly #startLine: number;
  readonly #shape = new Map<number, { indent: number; blank: boolean; header: boolean }>();

  constructor(lines: PairingLines, startLine: number) {
    this.#lines = lines;
    this.#startLine = startLine;
  }

  #shapeOf(line: number) {
    let s = this.#shape.get(line);
    if (!s) {
      const text = this.#lines.text(line - this.#startLine);
      const indent = text.search(/\S/);
      s = { indent: Math.max(indent, 0), blank: indent < 0, header: SECTION_HEADER.test(text) };
      this.#shape.set(line, s);
    }
    return s;
  }

  between(a: number, b: number): number {
    if (a === b) return 0;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const floor = Math.min(this.#shapeOf(a).indent, this.#shapeOf(b).indent);
    let cost = 0;
    for (let l = lo + 1; l <= hi; l++) {
      const s = this.#shapeOf(l);
      if (s.blank) cost += 30;
      else if (s.header || s.indent < floor) cost += 5000;
    }
    // The later line itself opening a section (e.g. the id sits on a `[profile]` line) is fine.
    return cost;
  }
}
