#!/usr/bin/env node
// Part of `npm run build`: validates the built-in rules and canary lists and stores them as
// dist/builtin-patterns.json, so runs skip the YAML parser (see src/rules/builtin-cache.ts).
import { sourceStamp, writeBuiltinCache } from '../dist/rules/builtin-cache.js';
import { BUILTIN_CANARY_DIR, loadBuiltinCanaries } from '../dist/rules/canary-accounts.js';
import { BUILTIN_PATTERNS_DIR, compileRules, loadRuleSpecs } from '../dist/rules/load-rules.js';

const specs = loadRuleSpecs([BUILTIN_PATTERNS_DIR]);
compileRules(specs);
const canaries = loadBuiltinCanaries();
writeBuiltinCache({ stamp: sourceStamp([BUILTIN_PATTERNS_DIR, BUILTIN_CANARY_DIR]), specs, canaries });
console.log(
  `built-in patterns: ${specs.length} rules, ${canaries.length} canary accounts -> dist/builtin-patterns.json`,
);
