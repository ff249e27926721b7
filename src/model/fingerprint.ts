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
