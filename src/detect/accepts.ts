import type { CompiledRule } from '../rules/rule.js';
import { shannonEntropy } from './entropy.js';
import { isHex, isPlaceholder, looksRandom, looksRandomLetters } from './placeholder.js';

/** Whether a value a rule's pattern matched can be a credential by its own characters. */
export function accepts(rule: CompiledRule, value: string): boolean {
  if (rule.allowValues.has(value)) return false;
  if (rule.allowRegexes.some((re) => re.test(value))) return false;
  if (shannonEntropy(value) < rule.entropy.min) return false;
  switch (rule.role) {
    case 'access-key-id':
      return !isPlaceholder(value, value.slice(4));
    case 'secret-access-key':
      return !isHex(value) && !isPlaceholder(value) && (looksRandom(value) || looksRandomLetters(value));
    case 'session-token':
      // Real tokens hold runs like `//////////`, so only the entropy floor applies.
      return true;
    case 'generic':
      return true;
  }
}
