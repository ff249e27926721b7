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
 * the rule and the field at fault.
 */
export function validateRule(raw: unknown, file: string): RuleSpec {
  if (!isObject(raw)) throw new ConfigError(`${file}: a rule file must hold a mapping`, { file });
  const ruleId = typeof raw['id'] === 'string' ? raw['id'] : undefined;
  const fail = (field: string, what: string): never => {
    throw new ConfigError(`${file}: rule ${ruleId ?? '(no id)'}: field '${field}' ${what}`, {
      file,
      ...(ruleId ? { rule: ruleId } : {}),
      field,
      hint: 'see patterns/README.md for the rule format; `keysweep patterns check DIR` checks a folder',
    });
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
  for (const key of Object.keys(raw)) if (!known.has(key)) fail(key, 'is not a known field');

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

  const id = str('id');
  if (!ID.test(id)) fail('id', 'must be lower-case words joined by dots or dashes, e.g. aws.access-key-id');
  const pattern = str('pattern');
  const flags = raw['flags'] === undefined ? '' : str('flags');
  if (!/^[imsu]*$/.test(flags)) fail('flags', 'may only hold the regex flags i, m, s and u');
  checkRegex(pattern, flags, 'pattern', fail, true);

  const keywords = strList(raw['keywords'], 'keywords');
  if (keywords.length === 0) fail('keywords', 'must list at least one keyword (a cheap prefilter)');

  let entropyMin = 0;
  if (raw['entropy'] !== undefined) {
    const e = raw['entropy'];
    if (!isObject(e) || typeof e['min'] !== 'number' || e['min'] < 0 || e['min'] > 8)
      fail('entropy.min', 'must be a number of bits per character between 0 and 8');
    entropyMin = (e as Record<string, number>)['min']!;
  }

  const allowRaw = raw['allow'] ?? {};
  if (!isObject(allowRaw)) fail('allow', 'must be a mapping with values and patterns');
  const allow = {
    values: strList((allowRaw as Record<string, unknown>)['values'], 'allow.values'),
    patterns: strList((allowRaw as Record<string, unknown>)['patterns'], 'allow.patterns'),
  };
  allow.patterns.forEach((p, i) => {
    checkRegex(p, '', `allow.patterns[${i}]`, fail, false);
  });

  let context: ContextSpec | undefined;
  if (raw['context'] !== undefined) {
    const c = raw['context'];
    if (!isObject(c)) return fail('context', 'must be a mapping with keywords, linesBefore, nearKeyIdLines');
    if (typeof c['keywords'] !== 'string' || c['keywords'] === '')
      fail('context.keywords', 'must be a regex string');
    checkRegex(c['keywords'] as string, 'i', 'context.keywords', fail, false);
    const linesBefore = c['linesBefore'] ?? 0;
    const near = c['nearKeyIdLines'] ?? -1;
    const pairLines = c['pairLines'] ?? 30;
    const required = c['required'] ?? true;
    if (typeof required !== 'boolean') fail('context.required', 'must be true or false');
    if (!Number.isInteger(pairLines) || (pairLines as number) < 0)
      fail('context.pairLines', 'must be an integer >= 0');
    if (!Number.isInteger(linesBefore) || (linesBefore as number) < 0)
      fail('context.linesBefore', 'must be an integer >= 0');
    if (!Number.isInteger(near) || (near as number) < -1)
      fail('context.nearKeyIdLines', 'must be an integer >= -1');
    context = {
      keywords: c['keywords'] as string,
      linesBefore: linesBefore as number,
      nearKeyIdLines: near as number,
      pairLines: pairLines as number,
      required: required as boolean,
    };
  }

  const examplesRaw = raw['examples'];
  if (!Array.isArray(examplesRaw) || examplesRaw.length === 0)
    fail('examples', 'must list at least one example: {text, yields}');
  const examples = (examplesRaw as unknown[]).map((ex, i) => {
    if (!isObject(ex) || typeof ex['text'] !== 'string' || typeof ex['yields'] !== 'string')
      return fail(`examples[${i}]`, 'must be a mapping with string fields text and yields');
    return { text: ex['text'], yields: ex['yields'] };
  });

  return {
    id,
    name: str('name'),
    description: str('description'),
    role: oneOf('role', ROLES, 'generic'),
    confidence: oneOf('confidence', CONFIDENCES, 'high'),
    severity: oneOf('severity', SEVERITIES, 'high'),
    pattern,
    flags,
    keywords,
    entropy: { min: entropyMin },
    allow,
    ...(context ? { context } : {}),
    pairsWith: strList(raw['pairsWith'], 'pairsWith'),
    examples,
    negativeExamples: strList(raw['negativeExamples'], 'negativeExamples'),
    file,
  };
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
