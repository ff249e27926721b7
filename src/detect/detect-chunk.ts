import type { Candidate } from '../model/candidate.js';
import type { Chunk } from '../model/chunk.js';
import { Secret } from '../model/secret.js';
import type { CompiledRule, RuleSet } from '../rules/rule.js';
import { hasAllowMarker } from './allow-marker.js';
import { readContext } from './context.js';
import { type DerivedLine, deriveLines } from './derived-lines.js';
import { shannonEntropy } from './entropy.js';
import { LineIndex } from './line-index.js';
import { normalizeText } from './normalize-text.js';
import { type Match, pairCandidates } from './pairing.js';
import { isHex, isPlaceholder, looksRandom } from './placeholder.js';

const KEY_ID_ANYWHERE = /(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}/g;

/**
 * Pure detection: one chunk of text and the compiled rules in, paired matches out. No I/O, so
 * it runs the same in a worker thread and in a unit test.
 */
export function detectChunk(chunk: Chunk, ruleSet: RuleSet): Match[] {
  const active = ruleSet.rules.filter((r) => r.keywordRegex.test(chunk.text));
  if (active.length === 0) return [];

  const text = normalizeText(chunk.text);
  const index = new LineIndex(text);
  const lineText = (i: number) => index.lineText(i);

  const raw: Raw[] = [];
  for (const rule of active) {
    collect(
      rule,
      text,
      (off) => index.lineOf(off),
      (off, line) => off - index.lineStart(line),
      raw,
    );
  }
  for (const d of deriveLines(text, lineText, index.lineCount)) {
    for (const rule of ruleSet.rules) {
      if (!rule.keywordRegex.test(d.text)) continue;
      collect(
        rule,
        d.text,
        () => d.line,
        (off) => off,
        raw,
        d,
      );
    }
  }
  if (raw.length === 0) return [];

  const keyIdLines = raw.filter((r) => r.rule.role === 'access-key-id').map((r) => r.line);
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    const lineStr = r.derived ? r.derived.text : lineText(r.line);
    if (hasAllowMarker(r.derived ? lineText(r.line) : lineStr)) continue;
    let strongContext = false;
    const ctx = r.rule.context;
    if (ctx) {
      const above: string[] = [];
      for (let l = r.line - 1; l >= Math.max(0, r.line - ctx.linesBefore); l--) above.push(lineText(l));
      const c = readContext(lineStr.slice(0, r.column), above, ctx.keywords, KEY_ID_ANYWHERE);
      if (c.named) strongContext = true;
      else if (c.namedOther) continue;
      else if (
        ctx.required &&
        (ctx.nearKeyIdLines < 0 || !keyIdLines.some((l) => Math.abs(l - r.line) <= ctx.nearKeyIdLines))
      )
        continue;
    }
    const key = `${r.rule.id}\0${r.value}\0${r.line}`;
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

  const ids = candidates.filter((c) => c.role === 'access-key-id');
  const secrets = candidates.filter((c) => c.role === 'secret-access-key');
  const tokens = candidates.filter((c) => c.role === 'session-token');
  const generic = candidates.filter((c) => c.role === 'generic').map((c): Match => ({ generic: c }));
  const maxDistance = (c: Candidate) => {
    const rule = ruleSet.rules.find((r) => r.id === c.ruleId);
    const near = Math.max(rule?.context?.nearKeyIdLines ?? 0, 0);
    return c.strongContext ? Math.max(near, rule?.context?.pairLines ?? 30) : near;
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

function collect(
  rule: CompiledRule,
  text: string,
  lineOf: (offset: number) => number,
  columnOf: (offset: number, line: number) => number,
  out: Raw[],
  derived?: DerivedLine,
): void {
  const re = rule.regex;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    const value = m[1];
    const span = m.indices?.[1];
    if (value === undefined || !span) continue;
    if (!accepts(rule, value)) continue;
    const offset = span[0];
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

function accepts(rule: CompiledRule, value: string): boolean {
  if (rule.allowValues.has(value)) return false;
  if (rule.allowRegexes.some((re) => re.test(value))) return false;
  if (shannonEntropy(value) < rule.entropy.min) return false;
  switch (rule.role) {
    case 'access-key-id':
      return !isPlaceholder(value, value.slice(4));
    case 'secret-access-key':
      return !isHex(value) && !isPlaceholder(value) && looksRandom(value);
    case 'session-token':
      // Real tokens hold runs like `//////////`, so only the entropy floor applies.
      return true;
    case 'generic':
      return true;
  }
}
