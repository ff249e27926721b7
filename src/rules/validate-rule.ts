import type { CandidateRole, Confidence } from '../model/candidate.js';
import { ConfigError } from '../model/errors.js';
import type { Severity } from '../model/finding.js';
import { findBacktrackingRisk } from './regex-safety.js';
import { findSuperLinearRisk } from './regex-superlinear.js';
import type { ContextSpec, RuleSpec } from './rule.js';

const ROLES: readonly CandidateRole[] = ['access-key-id', 'secret-access-key', 'session-token', 'generic'];
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const ID = /^[a-z0-9][a-z0-9.-]*$/;

/**
 * Turns one parsed YAML document into a RuleSpec, or throws a ConfigError that names the file,
 * the rule and the field at fault: every faulty field, one line each, so one run of
 * `keysweep patterns check` shows all there is to fix.
 */
export function validateRule(raw: unknown, file: string): RuleSpec {
  if (!isObject(raw)) throw new ConfigError(`${file}: a rule file must hold a mapping`, { file });
  const ruleId = typeof raw['id'] === 'string' ? raw['id'] : undefined;
  const problems: ConfigError[] = [];
  const fail = (field: string, what: string): never => {
    throw new ConfigError(`${file}: rule ${ruleId ?? '(no id)'}: field '${field}' ${what}`, {
      file,
      ...(ruleId ? { rule: ruleId } : {}),
      field,
      hint: 'see patterns/README.md for the rule format; `keysweep patterns check DIR` checks a folder',
    });
  };
  /** Checks one field: a problem is noted and the fallback used, so later fields are checked too. */
  const check = <T>(fallback: T, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err);
      return fallback;
    }
  };
  const known = new Set([
    'id',
    'name',
    'description',
    'role',
    'confidence',
    'severity',
    'pattern',
    'flags',
    'keywords',
    'entropy',
    'allow',
    'context',
    'pairsWith',
    'examples',
    'negativeExamples',
  ]);
  for (const key of Object.keys(raw))
    if (!known.has(key)) check(undefined, () => fail(key, 'is not a known field'));

  const str = (field: string, required = true): string => {
    const v = raw[field];
    if (v === undefined && !required) return '';
    if (typeof v !== 'string' || v.trim() === '') return fail(field, 'must be a non-empty string');
    return v;
  };
  const oneOf = <T extends string>(field: string, values: readonly T[], dflt: T): T => {
    const v = raw[field] ?? dflt;
    if (typeof v !== 'string' || !values.includes(v as T))
      return fail(field, `must be one of ${values.join(', ')}`);
    return v as T;
  };
  const strList = (v: unknown, field: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === ''))
      return fail(field, 'must be a list of non-empty strings');
    return v as string[];
  };

  const id = check('', () => {
    const id = str('id');
    if (!ID.test(id)) fail('id', 'must be lower-case words joined by dots or dashes, e.g. aws.access-key-id');
    return id;
  });
  const flags = check('', () => {
    const flags = raw['flags'] === undefined ? '' : str('flags');
    if (!/^[imsu]*$/.test(flags)) fail('flags', 'may only hold the regex flags i, m, s and u');
    return flags;
  });
  const pattern = check('', () => {
    const pattern = str('pattern');
    checkRegex(pattern, flags, 'pattern', fail, true);
    return pattern;
  });

  const keywords = check([], () => {
    const keywords = strList(raw['keywords'], 'keywords');
    if (keywords.length === 0) fail('keywords', 'must list at least one keyword (a cheap prefilter)');
    return keywords;
  });

  const entropyMin = check(0, () => {
    const e = raw['entropy'];
    if (e === undefined) return 0;
    if (!isObject(e) || typeof e['min'] !== 'number' || e['min'] < 0 || e['min'] > 8)
      return fail('entropy.min', 'must be a number of bits per character between 0 and 8');
    return e['min'];
  });

  const allow = check({ values: [] as string[], patterns: [] as string[] }, () => {
    const allowRaw = raw['allow'] ?? {};
    if (!isObject(allowRaw)) return fail('allow', 'must be a mapping with values and patterns');
    const values = check([], () => strList(allowRaw['values'], 'allow.values'));
    const patterns = check([], () => strList(allowRaw['patterns'], 'allow.patterns'));
    patterns.forEach((p, i) => {
      check(undefined, () => checkRegex(p, '', `allow.patterns[${i}]`, fail, false));
    });
    return { values, patterns };
  });

  const context = check(undefined, (): ContextSpec | undefined => {
    const c = raw['context'];
    if (c === undefined) return undefined;
    if (!isObject(c)) return fail('context', 'must be a mapping with keywords, linesBefore, nearKeyIdLines');
    const keywords = check('', () => {
      if (typeof c['keywords'] !== 'string' || c['keywords'] === '')
        fail('context.keywords', 'must be a regex string');
      checkRegex(c['keywords'] as string, 'i', 'context.keywords', fail, false);
      return c['keywords'] as string;
    });
    const optionalRegex = (field: string): string | undefined =>
      check(undefined, () => {
        const v = c[field];
        if (v === undefined) return undefined;
        if (typeof v !== 'string' || v === '') fail(`context.${field}`, 'must be a regex string');
        checkRegex(v as string, 'i', `context.${field}`, fail, false);
        return v as string;
      });
    const weakKeywords = optionalRegex('weakKeywords');
    const blockKeywords = optionalRegex('blockKeywords');
    const int = (field: string, dflt: number, min: number): number =>
      check(dflt, () => {
        const v = c[field] ?? dflt;
        if (!Number.isInteger(v) || (v as number) < min)
          fail(`context.${field}`, `must be an integer >= ${min}`);
        return v as number;
      });
    const required = check(true, () => {
      const v = c['required'] ?? true;
      if (typeof v !== 'boolean') fail('context.required', 'must be true or false');
      return v as boolean;
    });
    return {
      keywords,
      linesBefore: int('linesBefore', 0, 0),
      nearKeyIdLines: int('nearKeyIdLines', -1, -1),
      pairLines: int('pairLines', 30, 0),
      required,
      ...(weakKeywords ? { weakKeywords } : {}),
      ...(blockKeywords ? { blockKeywords } : {}),
    };
  });

  const examples = check([], () => {
    const examplesRaw = raw['examples'];
    if (!Array.isArray(examplesRaw) || examplesRaw.length === 0)
      return fail('examples', 'must list at least one example: {text, yields}');
    return examplesRaw.map((ex, i) => {
      if (!isObject(ex) || typeof ex['text'] !== 'string' || typeof ex['yields'] !== 'string')
        return fail(`examples[${i}]`, 'must be a mapping with string fields text and yields');
      return { text: ex['text'], yields: ex['yields'] };
    });
  });

  const spec: RuleSpec = {
    id,
    name: check('', () => str('name')),
    description: check('', () => str('description')),
    role: check('generic', () => oneOf('role', ROLES, 'generic')),
    confidence: check('high', () => oneOf('confidence', CONFIDENCES, 'high')),
    severity: check('high', () => oneOf('severity', SEVERITIES, 'high')),
    pattern,
    flags,
    keywords,
    entropy: { min: entropyMin },
    allow,
    ...(context ? { context } : {}),
    pairsWith: check([], () => strList(raw['pairsWith'], 'pairsWith')),
    examples,
    negativeExamples: check([], () => strList(raw['negativeExamples'], 'negativeExamples')),
    file,
  };
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) {
    const first = problems[0]!;
    // One line a problem; the first one's file, rule and field stand for the error.
    throw new ConfigError(problems.map((p) => p.message).join('\n'), {
      file,
      ...(first.rule ? { rule: first.rule } : {}),
      ...(first.field ? { field: first.field } : {}),
      ...(first.hint ? { hint: first.hint } : {}),
    });
  }
  return spec;
}

function checkRegex(
  source: string,
  flags: string,
  field: string,
  fail: (field: string, what: string) => never,
  needsOneGroup: boolean,
): void {
  try {
    new RegExp(source, flags);
  } catch (err) {
    fail(field, `is not a valid regular expression: ${(err as Error).message}`);
    return;
  }
  const risk = findBacktrackingRisk(source);
  if (risk) fail(field, `may backtrack catastrophically (${risk}); rewrite it without nested quantifiers`);
  const slow = findSuperLinearRisk(source, flags);
  if (slow) fail(field, `may take super-linear time on long lines (${slow})`);
  if (needsOneGroup) {
    const groups = new RegExp(`${source}|`, flags).exec('')!.length - 1;
    if (groups !== 1)
      fail(
        field,
        `must have exactly one capture group (the value), found ${groups}; use (?:...) for the others`,
      );
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
