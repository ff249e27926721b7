import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKeywordScanner } from '../detect/keyword-scan.js';
import { planSeeds } from '../detect/seed-plan.js';
import { ConfigError } from '../model/errors.js';
import { readBuiltinCache, sourceStamp } from './builtin-cache.js';
import { compileRule } from './compile-rule.js';
import type { CompiledRule, RuleSet, RuleSpec } from './rule.js';
import { validateRule } from './validate-rule.js';
import { yamlParser } from './yaml-lazy.js';

/** The rules shipped with keysweep. Resolves from both src/ (tests) and dist/ (installed). */
export const BUILTIN_PATTERNS_DIR = fileURLToPath(new URL('../../patterns/', import.meta.url));

/** Reads every `*.yaml` / `*.yml` file of each folder (one rule a file), in name order. */
export function loadRuleSpecs(dirs: readonly string[]): RuleSpec[] {
  const specs = dirs.flatMap((dir) => listRuleFiles(dir).map(parseRuleFile));
  const [dup] = duplicateIds(specs);
  if (dup) throw dup;
  return specs;
}

/** One error for each rule whose id an earlier rule (of `earlier`, or of `specs`) already uses. */
export function duplicateIds(specs: readonly RuleSpec[], earlier: readonly RuleSpec[] = []): ConfigError[] {
  const seen = new Map(earlier.map((s) => [s.id, s.file]));
  const errors: ConfigError[] = [];
  for (const spec of specs) {
    const first = seen.get(spec.id);
    if (first) {
      errors.push(
        new ConfigError(`${spec.file}: rule ${spec.id}: field 'id' is already used by ${first}`, {
          file: spec.file,
          rule: spec.id,
          field: 'id',
          hint: 'give each rule a unique id',
        }),
      );
    } else seen.set(spec.id, spec.file);
  }
  return errors;
}

export function listRuleFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir);
  } catch (err) {
    throw new ConfigError(`${dir}: cannot read the pattern folder (${(err as Error).message})`, {
      file: dir,
      hint: 'pass a folder holding *.yaml rule files',
    });
  }
  return names
    .filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))
    .sort()
    .map((n) => join(dir, n));
}

export function parseRuleFile(file: string): RuleSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the rule file (${(err as Error).message})`, { file });
  }
  const docs = yamlParser().parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1) {
    throw new ConfigError(`${file}: a rule file must hold exactly one YAML document`, { file });
  }
  const doc = docs[0]!;
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const where = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    throw new ConfigError(`${file}: invalid YAML${where}: ${e.message.split('\n')[0]}`, {
      file,
      hint: 'fix the YAML syntax; `keysweep patterns check` re-checks the folder',
    });
  }
  return validateRule(doc.toJS(), file);
}

export function compileRules(specs: readonly RuleSpec[]): RuleSet {
  const rules: CompiledRule[] = specs.map(compileRule);
  const ids = new Set(rules.map((r) => r.id));
  for (const r of rules) {
    for (const p of r.pairsWith) {
      if (!ids.has(p)) {
        throw new ConfigError(`${r.file}: rule ${r.id}: field 'pairsWith' names unknown rule ${p}`, {
          file: r.file,
          rule: r.id,
          field: 'pairsWith',
        });
      }
    }
  }
  const keywords = [...new Set(rules.flatMap((r) => r.keywordsLower))];
  return { rules, keywords, keywordScanner: buildKeywordScanner(rules), seedPlan: planSeeds(rules) };
}

/** Built-in rules plus the user's `--patterns` folders. */
export function loadRules(extraDirs: readonly string[] = []): RuleSet {
  const builtin = loadBuiltinSpecs();
  const extra = loadRuleSpecs(extraDirs);
  const [dup] = duplicateIds(extra, builtin);
  if (dup) throw dup;
  return compileRules([...builtin, ...extra]);
}

/** The built-in rule specs: from the build-time cache when it is current, else from YAML. */
export function loadBuiltinSpecs(): RuleSpec[] {
  const cache = readBuiltinCache(sourceStamp([BUILTIN_PATTERNS_DIR, join(BUILTIN_PATTERNS_DIR, 'canaries')]));
  return cache ? cache.specs : loadRuleSpecs([BUILTIN_PATTERNS_DIR]);
}
