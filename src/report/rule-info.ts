import type { Confidence } from '../model/candidate.js';
import type { Severity } from '../model/finding.js';

/** What a report format needs to know about a rule: its words, not its regex. */
export interface RuleInfo {
  id: string;
  name: string;
  description: string;
  severity: Severity;
  confidence: Confidence;
}
