import type { CompiledRule } from '../rules/rule.js';

/**
 * The base64 forms of the key id prefixes: an encoded key id (Kubernetes Secret `data:`) holds
 * no plain keyword, yet must reach the second reading of the text.
 */
export const ENCODED_KEY_ID_PREFIXES = [
  ...['qutjq', 'qvnjq', 'qujjq', 'qundq'],
  // The same ids 1 and 2 bytes into a base64 block: a whole credentials file encoded.
  ...['flsu', 'ftsu', 'fcsu', 'fdq0', 'bs0lb', 'bu0lb', 'bqklb', 'bq0nb'],
];

export interface KeywordScanner {
  /** Every keyword of every rule plus the encoded prefixes, longest first, case-insensitive. */
  regex: RegExp;
  /** For each keyword, the shorter keywords it contains (found whenever it is). */
  implies: Map<string, string[]>;
  total: number;
  /**
   * Any keyword at all, non-global; undefined when a keyword is not ASCII (see
   * sources/keyword-gate.ts, which needs ASCII keywords to test raw bytes).
   */
  anyAscii: RegExp | undefined;
}

export function buildKeywordScanner(rules: readonly CompiledRule[]): KeywordScanner {
  const words = [...new Set([...rules.flatMap((r) => r.keywordsLower), ...ENCODED_KEY_ID_PREFIXES])].sort(
    (a, b) => b.length - a.length,
  );
  const implies = new Map(words.map((w) => [w, words.filter((o) => o !== w && w.includes(o))]));
  const ascii = words.every((w) => /^[\x00-\x7f]*$/.test(w));
  const source = words.map(escapeRegex).join('|');
  return {
    regex: new RegExp(source, 'gi'),
    implies,
    total: words.length,
    anyAscii: ascii ? new RegExp(source, 'i') : undefined,
  };
}

/**
 * One pass over the text for all keywords at once: V8 runs one alternation faster than one
 * search per keyword, and most texts hold none. Every start position is tried (overlapping
 * keywords are all seen); the pass stops early once every keyword has turned up.
 */
export function findKeywords(scanner: KeywordScanner, text: string): Set<string> {
  const found = new Set<string>();
  const re = scanner.regex;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const word = m[0].toLowerCase();
    if (!found.has(word)) {
      found.add(word);
      for (const w of scanner.implies.get(word) ?? []) found.add(w);
      if (found.size === scanner.total) break;
    }
    re.lastIndex = m.index + 1;
  }
  return found;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
