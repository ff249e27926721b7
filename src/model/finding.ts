import type { Confidence } from './candidate.js';
import type { Location } from './location.js';
import type { Secret } from './secret.js';
import type { Verification } from './verification.js';

export type FindingKind =
  | 'aws-key-pair'
  | 'aws-access-key-id'
  | 'aws-secret-key'
  | 'aws-session-token'
  | 'generic';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** One place a credential was seen. */
export interface Occurrence {
  location: Location;
  line: number;
  column: number;
  /** Line of the paired secret, when it differs from `line`. */
  secretLine?: number;
}

/** One credential, however many places hold it. */
export interface Finding {
  /** Content fingerprint: the same credential always gets the same one. */
  fingerprint: string;
  kind: FindingKind;
  ruleIds: string[];
  severity: Severity;
  confidence: Confidence;
  keyId?: string;
  secret?: Secret;
  sessionToken?: Secret;
  /** For generic (user) rules: the matched value. */
  value?: Secret;
  /** 12-digit account decoded offline from the key id. */
  account?: string;
  canary: boolean;
  occurrences: Occurrence[];
  verification?: Verification;
  /** History scans: whether the credential is still in the tree at HEAD. */
  presentAtHead?: boolean;
}
