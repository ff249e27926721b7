import { describe, expect, it } from 'vitest';
import { valuesFor } from './check-examples.js';
import { loadRules } from './load-rules.js';

// One case per example in patterns/*.yaml: a rule cannot drift from its own examples.
const ruleSet = loadRules();

describe.each(ruleSet.rules.map((r) => [r.id, r] as const))('rule %s', (_id, rule) => {
  it.each(rule.examples.map((ex, i) => [i, ex] as const))('example %i yields its value', (_i, ex) => {
    expect(valuesFor(ruleSet, rule.id, ex.text)).toContain(ex.yields);
  });
  if (rule.negativeExamples.length > 0) {
    it.each(rule.negativeExamples.map((t, i) => [i, t] as const))(
      'negative example %i yields nothing',
      (_i, text) => {
        expect(valuesFor(ruleSet, rule.id, text)).toEqual([]);
      },
    );
  }
});
