import type { Candidate } from '../model/candidate.js';
import type { Chunk } from '../model/chunk.js';
import { Secret } from '../model/secret.js';
import type { CompiledRule, RuleSet } from '../rules/rule.js';
import { accepts } from './accepts.js';
import { hasAllowMarker } from './allow-marker.js';
import { inAwsBlock, readContext } from './context.js';
import { type DerivedLine, deriveLines } from './derived-lines.js';
import { shannonEntropy } from './entropy.js';
import { ENCODED_KEY_ID_PREFIXES, findKeywords } from './keyword-scan.js';
import { LineIndex } from './line-index.js';
import { normalizeText } from './normalize-text.js';
import { type Match, pairCandidates } from './pairing.js';
import { isLettersOnly } from './placeholder.js';

const KEY_ID_ANYWHERE = /(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}/g;
/** Characters before a value that context reading looks at (names reach 160; ids need room). */
const CONTEXT_REACH = 240;

/**
 * Pure detection: one chunk of text and the compiled rules in, paired matches out. No I/O, so
 * it runs the same in a worker thread and in a unit test.
 */
export function detectChunk(chunk: Chunk, ruleSet: RuleSet): Match[] {
  const present = findKeywords(ruleSet.keywordScanner, chunk.text);
  if (present.size === 0) return [];
  const active = ruleSet.rules.filter((r) => r.keywordsLower.some((k) => present.has(k)));
  const encodedIds = ENCODED_KEY_ID_PREFIXES.some((k) => present.has(k));
  if (active.length === 0 && !encodedIds) return [];

  const text = normalizeText(chunk.text);
  const index = new LineIndex(text);
  const lineText = (i: number) => index.lineText(i);
  const lineOf = (off: number) => index.lineOf(off);
  const columnOf = (off: number, line: number) => off - index.lineStart(line);

  const raw: Raw[] = [];
  const windowLines: [number, number][] = [];
  // Rules that stand on their own first: their key ids anchor the context-bound rules.
  for (const rule of active) {
    if (!rule.context?.required) collect(rule, text, 0, text.length, lineOf, columnOf, raw);
  }
  for (const rule of active) {
    if (!rule.context?.required) continue;
    // A context-bound value (a 40-char secret) only counts near a naming keyword or a key id,
    // so its costly regex runs on those lines alone, not on the whole text.
    for (const [from, to] of contextWindows(rule, text, index, raw)) {
      collect(rule, text, from, to, lineOf, columnOf, raw);
      windowLines.push([index.lineOf(from), index.lineOf(to)]);
    }
  }
  // Normalizing only writes `+ / =`, so keywords (letters and digits) of the normalized text
  // were in the raw text the keyword pass read.
  const hints = {
    encodedIdKeyword: encodedIds,
    secretKeyword: present.has('secret') || !ruleSet.keywordScanner.implies.has('secret'),
  };
  for (const d of deriveLines(text, lineText, index.lineCount, windowLines, hints)) {
    for (const rule of ruleSet.rules) {
      if (!hasKeyword(rule, d.text)) continue;
      collect(
        rule,
        d.text,
        0,
        d.text.length,
        () => d.line,
        (off) => off,
        raw,
        d,
      );
    }
  }
  if (raw.length === 0) return [];

  const keyIdLines = new Set(raw.filter((r) => r.rule.role === 'access-key-id').map((r) => r.line));
  const keyIdWithin = (line: number, distance: number) => {
    for (let l = line - distance; l <= line + distance; l++) if (keyIdLines.has(l)) return true;
    return false;
  };
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  const allowedLines = new Map<number, boolean>();
  for (const r of raw) {
    const lineStr = r.derived ? r.derived.text : lineText(r.line);
    let allowed = allowedLines.get(r.line);
    if (allowed === undefined) {
      allowed = hasAllowMarker(lineText(r.line));
      allowedLines.set(r.line, allowed);
    }
    if (allowed) continue;
    let strongContext = false;
    const ctx = r.rule.context;
    if (ctx) {
      const above: string[] = [];
      for (let l = r.line - 1; l >= Math.max(0, r.line - ctx.linesBefore); l--) above.push(lineText(l));
      // Only the text just before the value can name it; a long line is not re-read per value.
      const before = lineStr.slice(Math.max(0, r.column - CONTEXT_REACH), r.column);
      const c = readContext(before, above, ctx, KEY_ID_ANYWHERE);
      if (c.named) strongContext = true;
      else if (c.namedOther) continue;
      else if (c.weak) {
        // `secret_key = X` is AWS's only beside a key id or in an AWS block; else some app's.
        const aws =
          keyIdWithin(r.line, ctx.pairLines) ||
          (ctx.blockKeywords !== undefined && inAwsBlock(lineText, r.line, ctx.blockKeywords));
        if (!aws) continue;
        // A letters-only value (rare in real secrets, common in words) stands alone only when an
        // AWS keyword names it; a generic name leaves it to pair with a key id.
        strongContext = !(r.rule.role === 'secret-access-key' && isLettersOnly(r.value));
      } else if (ctx.required && (ctx.nearKeyIdLines < 0 || !keyIdWithin(r.line, ctx.nearKeyIdLines)))
        continue;
    }
    // One candidate per value and place: two rules of one role (a token by prefix and by name)
    // must not make two findings. The first rule collected, the more specific, wins.
    const key = `${r.rule.role}\0${r.value}\0${r.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({
      ruleId: r.rule.id,
      role: r.rule.role,
      confidence: r.rule.confidence,
      location: chunk.location,
      line: chunk.startLine + r.line,
      column: r.column + 1,
      value: new Secret(r.value),
      entropy: r.entropy,
      ...(r.encoding ? { encoding: r.encoding } : {}),
      strongContext,
    });
  }

  const rulesById = new Map(ruleSet.rules.map((r) => [r.id, r]));
  const ids = candidates.filter((c) => c.role === 'access-key-id');
  const secrets = candidates.filter((c) => c.role === 'secret-access-key');
  const tokens = candidates.filter((c) => c.role === 'session-token');
  const generic = candidates.filter((c) => c.role === 'generic').map((c): Match => ({ generic: c }));
  const maxDistance = (c: Candidate) => {
    const ctx = rulesById.get(c.ruleId)?.context;
    const near = Math.max(ctx?.nearKeyIdLines ?? 0, 0);
    return c.strongContext ? Math.max(near, ctx?.pairLines ?? 30) : near;
  };
  const matches = [
    ...pairCandidates(ids, secrets, tokens, { text: lineText }, chunk.startLine, maxDistance),
    ...generic,
  ];
  const report = chunk.reportLines;
  if (!report) return matches;
  return matches.filter((m) => [m.keyId, m.secret, m.token, m.generic].some((c) => c && report.has(c.line)));
}

interface Raw {
  rule: CompiledRule;
  value: string;
  /** 0-based line relative to the chunk. */
  line: number;
  /** 0-based column in the line (or derived line). */
  column: number;
  entropy: number;
  encoding: string | undefined;
  derived?: DerivedLine;
}

function hasKeyword(rule: CompiledRule, text: string): boolean {
  return rule.keywordRegexes.some((re) => re.test(text));
}

/** How far (in characters) from its anchor a context-bound value is looked for. */
const WINDOW_CHARS = 2000;

/**
 * Offset ranges (merged) where a context-bound rule may find a value: a few lines around each
 * key id, and the lines just after each naming keyword, both capped in characters so a
 * one-line minified bundle is not scanned whole for every keyword in it.
 */
function contextWindows(
  rule: CompiledRule,
  text: string,
  index: LineIndex,
  raw: readonly Raw[],
): [number, number][] {
  const ctx = rule.context!;
  const ranges: [number, number][] = [];
  const last = index.lineCount - 1;
  const endOfLine = (line: number) => (line >= last ? text.length : index.lineStart(line + 1));
  if (ctx.nearKeyIdLines >= 0) {
    for (const r of raw) {
      if (r.rule.role !== 'access-key-id' || r.derived) continue;
      const at = index.lineStart(r.line) + r.column;
      const from = Math.max(index.lineStart(Math.max(0, r.line - ctx.nearKeyIdLines)), at - WINDOW_CHARS);
      const to = Math.min(endOfLine(r.line + ctx.nearKeyIdLines), at + WINDOW_CHARS);
      ranges.push([from, to]);
    }
  }
  const re = ctx.keywordsGlobal;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    const line = index.lineOf(m.index);
    ranges.push([m.index, Math.min(endOfLine(line + ctx.linesBefore), m.index + WINDOW_CHARS)]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function collect(
  rule: CompiledRule,
  text: string,
  from: number,
  to: number,
  lineOf: (offset: number) => number,
  columnOf: (offset: number, line: number) => number,
  out: Raw[],
  derived?: DerivedLine,
): void {
  const re = rule.regex;
  // A window is searched as its own (cheap, sliced) string, so the regex stops at its end. Its
  // edges move out to token boundaries so lookarounds see what they would in the whole text.
  const start = widenBack(text, from);
  const end = widenForward(text, to);
  const part = start === 0 && end === text.length ? text : text.slice(start, end);
  re.lastIndex = 0;
  for (let m = re.exec(part); m !== null; m = re.exec(part)) {
    if (m[0].length === 0) re.lastIndex++;
    const value = m[1];
    const span = m.indices?.[1];
    if (value === undefined || !span) continue;
    if (!accepts(rule, value)) continue;
    const offset = start + span[0];
    const line = lineOf(offset);
    out.push({
      rule,
      value,
      line,
      column: columnOf(offset, line),
      entropy: shannonEntropy(value),
      encoding: derived?.encoding,
      ...(derived ? { derived } : {}),
    });
  }
}

const TOKEN_CHAR = /[A-Za-z0-9+/=_-]/;

function widenBack(text: string, at: number): number {
  let i = at;
  while (i > 0 && TOKEN_CHAR.test(text[i - 1]!)) i--;
  return i;
}

function widenForward(text: string, at: number): number {
  let i = at;
  while (i < text.length && TOKEN_CHAR.test(text[i]!)) i++;
  return i;
}
