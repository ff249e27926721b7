/**
 * Second readings of a text: values that are base64-encoded (Kubernetes Secret `data:`) or
 * split across string concatenation. Each yields a synthetic line placed at the line the value
 * started on, so pairing and line numbers keep working.
 */
export interface DerivedLine {
  /** 0-based line in the original text. */
  line: number;
  text: string;
  encoding: 'base64' | 'concat';
}

// base64 of "AKIA", "ASIA", "ABIA", "ACCA" at offset 0, 1 and 2 of a 3-byte block (the parts
// those bytes alone decide): what an encoded key id holds, alone or inside an encoded file.
const ENCODED_ID = /QUtJQ|QVNJQ|QUJJQ|QUNDQ|FLSU|FTSU|FCSU|FDQ0|BS0lB|BU0lB|BQklB|BQ0NB/;
const ASSIGNED_B64 = /^(\s*["']?[\w.-]+["']?\s*[:=]\s*["']?)([A-Za-z0-9+/]{16,}={0,2})["']?\s*,?\s*$/;

/**
 * What the keyword pass already knows, to skip searches that cannot match: a text without an
 * encoded-prefix keyword holds no ENCODED_ID, one without `secret` (any case) no `kind: Secret`.
 */
export interface DeriveHints {
  encodedIdKeyword: boolean;
  secretKeyword: boolean;
}

/**
 * `near` lists line ranges around keywords and key ids: concatenations are only joined there,
 * since a split secret still sits by its name.
 */
export function deriveLines(
  text: string,
  lines: (i: number) => string,
  lineCount: number,
  near: readonly [number, number][],
  hints: DeriveHints,
): DerivedLine[] {
  const out: DerivedLine[] = [];
  const encoded = hints.encodedIdKeyword && ENCODED_ID.test(text);
  if (encoded || (hints.secretKeyword && text.includes('data:') && /kind:\s*Secret/.test(text))) {
    for (let i = 0; i < lineCount; i++) {
      const m = ASSIGNED_B64.exec(lines(i));
      if (!m) continue;
      const decoded = decodePrintable(m[2]!);
      if (decoded) out.push({ line: i, text: `${m[1]}${decoded}`, encoding: 'base64' });
    }
  }
  for (const [from, to] of near) {
    out.push(...joinConcatenations(lines, Math.max(0, from - 3), Math.min(lineCount - 1, to + 3), lineCount));
  }
  return out;
}

/** Printable text (a value, or a whole credentials file: tabs and line breaks too), else undefined. */
function decodePrintable(b64: string): string | undefined {
  if (b64.length % 4 !== 0) return undefined;
  const s = Buffer.from(b64, 'base64').toString('latin1');
  return /^[\x20-\x7e\t\r\n]+$/.test(s) ? s : undefined;
}

// A literal of credential characters, then `+` (JS, Java, C#, Python), `.` (PHP) or nothing
// (Python and C join adjacent literals: `("AKIA..."\n "...")`) and another.
const LITERAL = /(["'])([A-Za-z0-9+/=]{2,})\1/y;
const JOIN = /\s*(?:\+|\.)?\s*/y;
/**
 * What a run of two or more literals starting on a line needs there: a literal, a join, then a
 * second literal or the end of the line (the run goes on below). Lines without it are skipped.
 */
const RUN_START = /(["'])[A-Za-z0-9+/=]{2,}\1\s*(?:[+.]\s*)?(?:$|(["'])[A-Za-z0-9+/=]{2,}\2)/;

/**
 * Joins runs of adjacent string literals of credential characters, possibly across lines, and
 * keeps the joined value when it is longer than any of its parts. Only literal-only runs are
 * joined, so this never guesses across variables or function calls.
 */
function joinConcatenations(
  lines: (i: number) => string,
  first: number,
  last: number,
  lineCount: number,
): DerivedLine[] {
  const out: DerivedLine[] = [];
  for (let i = first; i <= last; i++) {
    const line = lines(i);
    if (!RUN_START.test(line)) continue;
    // Every quote is tried as a literal's start, not every other one: the line may begin inside
    // a string (a window or spot cut it) or hold a lone apostrophe, and either would pair the
    // quotes wrongly. A closing quote is rarely followed by a literal of credential characters.
    for (let start = nextQuote(line, 0); start !== -1; ) {
      const parts: string[] = [];
      let row = i;
      let cur = line;
      let pos = start;
      for (;;) {
        LITERAL.lastIndex = pos;
        const lit = LITERAL.exec(cur);
        if (!lit) break;
        parts.push(lit[2]!);
        pos = LITERAL.lastIndex;
        JOIN.lastIndex = pos;
        if (!JOIN.exec(cur)) break;
        pos = JOIN.lastIndex;
        if (pos >= cur.length && row + 1 < lineCount && row < i + 3) {
          row++;
          cur = lines(row);
          pos = cur.search(/\S/);
          if (pos < 0) break;
        }
      }
      if (parts.length >= 2) {
        const prefix = line.slice(0, start);
        out.push({ line: i, text: `${prefix}'${parts.join('')}'`, encoding: 'concat' });
        if (row !== i) break;
        start = nextQuote(line, pos);
      } else {
        start = nextQuote(line, start + 1);
      }
    }
  }
  return out;
}

const QUOTE = /["']/g;

function nextQuote(line: string, from: number): number {
  QUOTE.lastIndex = from;
  return QUOTE.exec(line)?.index ?? -1;
}
