import type { KeywordScanner } from '../detect/keyword-scan.js';
import type { SeedPlan } from '../detect/seed-plan.js';
import type { CandidateRole, Confidence } from '../model/candidate.js';
import type { Severity } from '../model/finding.js';

/** A rule as written in patterns/*.yaml, after validation. */
export interface RuleSpec {
  id: string;
  name: string;
  description: string;
  role: CandidateRole;
  confidence: Confidence;
  severity: Severity;
  /** JS regex source with exactly one capture group: the value. */
  pattern: string;
  /** Extra regex flags (from `imsu`); `g` and `d` are always added. */
  flags: string;
  /** Case-insensitive literals; the regex runs only on text holding at least one. */
  keywords: string[];
  entropy: { min: number };
  allow: { values: string[]; patterns: string[] };
  context?: ContextSpec;
  pairsWith: string[];
  examples: { text: string; yields: string }[];
  negativeExamples: string[];
  /** The file the rule came from, for error messages. */
  file: string;
}

/**
 * For values that only mean something near AWS wording (secret keys, session tokens): a value
 * is kept when a keyword names it, or when an access key id sits within `nearKeyIdLines`.
 */
export interface ContextSpec {
  /** Regex source (case-insensitive) that names the value, e.g. `aws_secret_access_key`. */
  keywords: string;
  /** Lines above the value that may hold the naming keyword (0 = same line only). */
  linesBefore: number;
  /** A key id within this many lines also counts as context; -1 disables. */
  nearKeyIdLines: number;
  /** How far a named value may sit from the key id it pairs with. */
  pairLines: number;
  /** When false, context only strengthens a match that the pattern alone already trusts. */
  required: boolean;
  /**
   * Regex source (case-insensitive) of generic names (`secret_key`, `secret`) that name the value
   * only with AWS context: a key id within `pairLines`, or `blockKeywords` in the same block.
   */
  weakKeywords?: string;
  /** Regex source (case-insensitive): AWS wording that makes a block AWS context (`aws`, `s3`). */
  blockKeywords?: string;
}

export interface CompiledRule extends Omit<RuleSpec, 'pattern' | 'context'> {
  regex: RegExp;
  /** Keywords in lower case for the prefilter. */
  keywordsLower: string[];
  /**
   * One case-insensitive regex per keyword: V8 searches a single literal several times faster
   * than an alternation, and most texts hold no keyword at all.
   */
  keywordRegexes: RegExp[];
  allowValues: ReadonlySet<string>;
  allowRegexes: RegExp[];
  context?: {
    keywords: RegExp;
    /** The same regex with the global flag, to find every naming line in one pass. */
    keywordsGlobal: RegExp;
    linesBefore: number;
    nearKeyIdLines: number;
    pairLines: number;
    required: boolean;
    weakKeywords?: RegExp;
    blockKeywords?: RegExp;
  };
}

export interface RuleSet {
  rules: CompiledRule[];
  /** All keywords in one pass (see detect/keyword-scan.ts). */
  keywordScanner: KeywordScanner;
  /** Where the rules could match, for reading big texts by spots; none with user rules. */
  seedPlan: SeedPlan | undefined;
  /** Every rule keyword, lower-cased and deduplicated: the chunk-level prefilter. */
  keywords: string[];
}
