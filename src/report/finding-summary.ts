import type { Finding, FindingKind } from '../model/finding.js';
import type { Verification } from '../model/verification.js';

/** Words for each kind of finding, shared by the renderers that write for people. */
export const KIND_LABELS: Record<FindingKind, string> = {
  'aws-key-pair': 'AWS key pair',
  'aws-access-key-id': 'AWS access key id',
  'aws-secret-key': 'AWS secret access key',
  'aws-session-token': 'AWS session token',
  generic: 'secret',
};

/**
 * The redacted values of a finding (`secret q7Rk…nBi+ (40 chars)`). Always redacted: the
 * formats that use this (SARIF, GitLab, markdown) end up in code hosts and PR comments.
 */
export function redactedValues(f: Finding): string[] {
  const out: string[] = [];
  if (f.secret) out.push(`secret ${f.secret.redacted()}`);
  if (f.sessionToken) out.push(`session token ${f.sessionToken.redacted()}`);
  if (f.value) out.push(`value ${f.value.redacted()}`);
  return out;
}

/** One line naming the credential: `AWS key pair AKIA… (secret q7Rk…nBi+ (40 chars))`. */
export function findingHeadline(f: Finding): string {
  const values = redactedValues(f);
  const head = [KIND_LABELS[f.kind], f.keyId].filter(Boolean).join(' ');
  return values.length > 0 ? `${head} (${values.join(', ')})` : head;
}

export function verificationWords(v: Verification): string {
  switch (v.status) {
    case 'live':
      return v.root ? 'LIVE root key' : 'live';
    case 'invalid':
      return v.reason ? `invalid: ${v.reason}` : 'invalid (AWS rejected it)';
    case 'canary':
      return 'canary token (not sent to AWS)';
    case 'unknown':
      return v.reason ? `unknown: ${v.reason}` : `could not tell (${v.detail})`;
    case 'skipped':
      return withReason('not verified', v);
  }
}

/** `invalid: key id exists, secret wrong`: a status and, when known, why in a few words. */
export function withReason(label: string, v: Verification): string {
  return v.reason ? `${label}: ${v.reason}` : label;
}
