import type { Location } from './location.js';
import type { Secret } from './secret.js';

/** What a rule's value is: the detector and the pairing step treat each role differently. */
export type CandidateRole = 'access-key-id' | 'secret-access-key' | 'session-token' | 'generic';

export type Confidence = 'high' | 'medium' | 'low';

/** One matched value at one place, before pairing and deduplication. */
export interface Candidate {
  ruleId: string;
  role: CandidateRole;
  confidence: Confidence;
  location: Location;
  /** 1-based line and column of the value in the decoded text. */
  line: number;
  column: number;
  value: Secret;
  entropy: number;
  /** How the value was found, when not verbatim: 'url', 'json-escape', 'base64', 'concat'. */
  encoding?: string;
  /** True when an AWS-specific keyword names the value (e.g. `aws_secret_access_key = ...`). */
  strongContext: boolean;
}
