import { detectChunk } from '../detect/detect-chunk.js';
import { plural } from '../model/plural.js';
import type { RuleSet } from './rule.js';

export interface ExampleFailure {
  ruleId: string;
  file: string;
  field: string;
  message: string;
}

/** Values a rule yields on a one-off text, through the whole detector (context and pairing included). */
export function valuesFor(ruleSet: RuleSet, ruleId: string, text: string): string[] {
  const matches = detectChunk({ location: { kind: 'stdin', path: '-' }, text, startLine: 1 }, ruleSet);
  return matches.flatMap((m) =>
    [m.keyId, m.secret, m.token, m.generic].flatMap((c) =>
      c && c.ruleId === ruleId ? [c.value.reveal()] : [],
    ),
  );
}

/**
 * Every example must yield exactly the value it names, and every negative example nothing, so
 * a rule can never drift from its own documentation. Messages name the example by index, never
 * by the value (examples are fake, but the habit matters).
 */
export function checkExamples(ruleSet: RuleSet, onlyRuleIds?: ReadonlySet<string>): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const rule of ruleSet.rules) {
    if (onlyRuleIds && !onlyRuleIds.has(rule.id)) continue;
    rule.examples.forEach((ex, i) => {
      const got = valuesFor(ruleSet, rule.id, ex.text);
      if (!got.includes(ex.yields)) {
        failures.push({
          ruleId: rule.id,
          file: rule.file,
          field: `examples[${i}]`,
          message:
            got.length === 0
              ? 'yields nothing'
              : `yields ${plural(got.length, 'other value')}, not the one named in 'yields'`,
        });
      }
    });
    rule.negativeExamples.forEach((text, i) => {
      if (valuesFor(ruleSet, rule.id, text).length > 0) {
        failures.push({
          ruleId: rule.id,
          file: rule.file,
          field: `negativeExamples[${i}]`,
          message: 'yields a value',
        });
      }
    });
  }
  return failures;
}
