import { resolve } from 'node:path';
import { ConfigError } from '../model/errors.js';
import { plural } from '../model/plural.js';
import { checkExamples } from './check-examples.js';
import {
  BUILTIN_PATTERNS_DIR,
  compileRules,
  duplicateIds,
  listRuleFiles,
  loadBuiltinSpecs,
  parseRuleFile,
} from './load-rules.js';
import type { RuleSpec } from './rule.js';

/**
 * `keysweep patterns check [DIR]`: validates every rule file of a folder (default: the built-in
 * rules) and runs each rule's examples. Reports every problem, not only the first, one line
 * each naming the file, rule and field. Returns the exit code: 0 all good, 2 problems.
 */
export function checkPatterns(
  dir?: string,
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): number {
  const target = dir ? resolve(dir) : BUILTIN_PATTERNS_DIR;
  const problems: string[] = [];
  const specs: RuleSpec[] = [];
  let files: string[];
  try {
    files = listRuleFiles(target);
  } catch (err) {
    write(`keysweep: ${(err as Error).message}`);
    return 2;
  }
  for (const file of files) {
    try {
      specs.push(parseRuleFile(file));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      // A file with several bad fields has one line each.
      problems.push(...err.message.split('\n'));
    }
  }
  // The user's rules are checked beside the built-in ones, as a scan would load them: an id
  // used twice, or one a built-in rule already has, is refused here as `scan` would refuse it.
  const builtins = target === BUILTIN_PATTERNS_DIR ? [] : loadBuiltinSpecs();
  problems.push(...duplicateIds(specs, builtins).map((e) => e.message));
  if (problems.length === 0) {
    try {
      const ruleSet = compileRules([...builtins, ...specs]);
      for (const f of checkExamples(ruleSet, new Set(specs.map((s) => s.id)))) {
        problems.push(`${f.file}: rule ${f.ruleId}: field '${f.field}' ${f.message}`);
      }
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err.message);
    }
  }
  for (const p of problems) write(`keysweep: ${p}`);
  if (problems.length > 0) {
    write(`${plural(problems.length, 'problem')} in ${target}`);
    return 2;
  }
  process.stdout.write(`ok: ${plural(specs.length, 'rule')} in ${target}\n`);
  return 0;
}
