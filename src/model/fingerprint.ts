import { createHash } from 'node:crypto';

/**
 * Content fingerprint of a credential: the same value gets the same fingerprint wherever it
 * sits, so moving a line never makes a new finding and baselines survive refactors.
 * `parts` are the credential's identifying values (key id, secret, ...), in a fixed order.
 */
export function fingerprint(kind: string, parts: readonly (string | undefined)[]): string {
  const h = createHash('sha256');
  h.update('keysweep:v1\0');
  h.update(kind);
  for (const p of parts) {
    h.update('\0');
    h.update(p ?? '');
  }
  return h.digest('hex');
}

/** The raw values that identify one credential. */
export interface CredentialValues {
  /** User rules only: the rule that matched `value`. */
  ruleId?: string | undefined;
  keyId?: string | undefined;
  secret?: string | undefined;
  token?: string | undefined;
  value?: string | undefined;
}

/** The one fingerprint of a finding of `kind` holding these values (the order is fixed here). */
export function credentialFingerprint(kind: string, v: CredentialValues): string {
  return fingerprint(kind, [v.ruleId, v.keyId, v.secret, v.token, v.value]);
}

/**
 * The fingerprints each value of a credential would have as a finding on its own: a key id
 * alone, a secret alone, a session token alone. A baseline keeps them, so a pair that is later
 * pulled apart (or parts that later come together) is still the credential it accepted.
 */
export function partFingerprints(v: CredentialValues): string[] {
  if (v.value !== undefined) return [];
  return [
    ...(v.keyId !== undefined ? [credentialFingerprint('aws-access-key-id', { keyId: v.keyId })] : []),
    ...(v.secret !== undefined ? [credentialFingerprint('aws-secret-key', { secret: v.secret })] : []),
    ...(v.token !== undefined ? [credentialFingerprint('aws-session-token', { token: v.token })] : []),
  ];
}
