import type { Candidate } from '../model/candidate.js';

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

  const pairUp = (left: Candidate[], right: Candidate[]): Map<Candidate, Candidate> => {
    const edges: { a: Candidate; b: Candidate; cost: number }[] = [];
    const sorted = [...right].sort(byPosition);
    for (const a of left) {
      // Only the nearest few on each side in reading order can win: this keeps a file of
      // thousands of pairs (or one minified line of them) linear, not quadratic.
      const at = lowerBound(sorted, a);
      const near = [...sorted.slice(Math.max(0, at - NEIGHBOURS), at), ...sorted.slice(at, at + NEIGHBOURS)];
      for (const b of near) {
        const d = Math.abs(a.line - b.line);
        if (d > maxDistance(b)) continue;
        const cost =
          d * 100 + boundary.between(a.line, b.line) + Math.min(Math.abs(a.column - b.column), 99) / 100;
        edges.push({ a, b, cost });
      }
    }
    edges.sort((x, y) => x.cost - y.cost);
    const usedA = new Set<Candidate>();
    const usedB = new Set<Candidate>();
    const pairs = new Map<Candidate, Candidate>();
    for (const e of edges) {
      if (usedA.has(e.a) || usedB.has(e.b)) continue;
      usedA.add(e.a);
      usedB.add(e.b);
      pairs.set(e.a, e.b);
    }
    return pairs;
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
