import type { RuleInfo } from '../report/rule-info.js';
import { loadBuiltinSpecs, loadRuleSpecs } from '../rules/load-rules.js';

export type { RuleInfo };

/** The built-in rules plus those of `patterns` folders: what `renderSarif` lists as its rules. */
export function listRules(patterns: readonly string[] = []): RuleInfo[] {
  return [...loadBuiltinSpecs(), ...loadRuleSpecs(patterns)].map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    severity: r.severity,
    confidence: r.confidence,
  }));
}
