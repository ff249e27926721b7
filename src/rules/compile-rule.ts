import type { CompiledRule, RuleSpec } from './rule.js';

export function compileRule(spec: RuleSpec): CompiledRule {
  const { pattern, context, ...rest } = spec;
  return {
    ...rest,
    regex: new RegExp(pattern, `dg${spec.flags}`),
    keywordsLower: spec.keywords.map((k) => k.toLowerCase()),
    keywordRegexes: spec.keywords.map((k) => new RegExp(escapeRegex(k), 'i')),
    allowValues: new Set(spec.allow.values),
    allowRegexes: spec.allow.patterns.map((p) => new RegExp(p)),
    ...(context
      ? {
          context: {
            keywords: new RegExp(context.keywords, 'i'),
            // Weak names open windows too: they are read once the value is found.
            keywordsGlobal: new RegExp(
              context.weakKeywords ? `${context.keywords}|${context.weakKeywords}` : context.keywords,
              'gi',
            ),
            ...(context.weakKeywords ? { weakKeywords: new RegExp(context.weakKeywords, 'i') } : {}),
            ...(context.blockKeywords ? { blockKeywords: new RegExp(context.blockKeywords, 'i') } : {}),
            linesBefore: context.linesBefore,
            nearKeyIdLines: context.nearKeyIdLines,
            pairLines: context.pairLines,
            required: context.required,
          },
        }
      : {}),
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
