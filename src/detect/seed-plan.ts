import type { CompiledRule } from '../rules/rule.js';
import { accepts } from './accepts.js';

/**
 * What the seed scan (find-seeds.ts) must look for so that it never misses a place where one of
 * the rules could match. It knows the shapes of the built-in rules only: key ids start with a
 * literal prefix, secrets are runs of 40 base64 characters, session tokens are runs of 60 to
 * 4,096 behind a prefix or 100 to 4,096 behind a name. A rule set holding any other rule (a
 * user's `--patterns`) has no plan, and its texts are read whole.
 */
export interface SeedPlan {
  /** Literal starts of the values that stand alone (key ids), as bytes, case-sensitive. */
  prefixes: Uint8Array[];
  /** Literal starts of prefixed session tokens. */
  tokenPrefixes: Uint8Array[];
  /** Whether a run of exactly SECRET_LENGTH characters could be a secret by its value alone. */
  secretValue: (value: string) => boolean;
  /** Lines of context each side of a seed: the farthest any rule looks for a name or a partner. */
  marginLines: number;
}

export const SECRET_LENGTH = 40;
export const PREFIXED_TOKEN_MIN = 60;
export const NAMED_TOKEN_MIN = 100;
export const TOKEN_MAX = 4096;
/** How far above a value `inAwsBlock` (context.ts) reads. */
const BLOCK_LINES = 12;

const KNOWN_SHAPES: Record<string, string> = {
  'aws.access-key-id': 'prefixed',
  'aws.access-key-id-a3t': 'prefixed',
  'aws.session-token': 'token-prefixed',
  'aws.secret-access-key': 'secret',
  'aws.session-token-named': 'token-named',
};

export function planSeeds(rules: readonly CompiledRule[]): SeedPlan | undefined {
  const prefixes: Uint8Array[] = [];
  const tokenPrefixes: Uint8Array[] = [];
  let secretRule: CompiledRule | undefined;
  let reach = 0;
  let above = 0;
  for (const rule of rules) {
    const shape = KNOWN_SHAPES[rule.id];
    if (shape === undefined || rule.flags.includes('i')) return undefined;
    // A prefix is only a safe seed if the pattern spells it out as written.
    const literal = rule.keywords.every((k) => rule.regex.source.includes(k));
    if (shape === 'prefixed' || shape === 'token-prefixed') {
      if (!literal || rule.context?.required || rule.keywords.some((k) => k.length < 3)) return undefined;
      (shape === 'prefixed' ? prefixes : tokenPrefixes).push(...rule.keywords.map((k) => Buffer.from(k)));
    } else if (shape === 'secret') {
      secretRule = rule;
    }
    const ctx = rule.context;
    if (ctx) {
      reach = Math.max(reach, ctx.pairLines, ctx.nearKeyIdLines);
      // A concatenation is joined up to 3 lines around the lines after a naming keyword.
      above = Math.max(above, ctx.linesBefore + 3);
    }
  }
  const secret = secretRule;
  return {
    prefixes,
    tokenPrefixes,
    secretValue: secret ? (v) => accepts(secret, v) : () => false,
    // Two values that may pair, or a value and the key id that makes its context, are both
    // seeds: spots of half the reach each side meet. What is read above a value (an AWS block,
    // a name, a keyword before a concatenation) must be inside its own spot.
    marginLines: Math.max(Math.ceil(reach / 2), BLOCK_LINES, above) + 1,
  };
}
