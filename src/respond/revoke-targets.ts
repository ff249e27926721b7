import { UsageError } from '../model/errors.js';
import { redact } from '../model/secret.js';
import { KEY_ID_PATTERN, type ReportInput } from './report-input.js';

/** One key to act on, with what the report knew about it. No secret: revoking needs none. */
export interface RevokeTarget {
  keyId: string;
  /** From the report: what verification found (role ARN for ASIA keys, root flag). */
  verifiedArn: string | undefined;
  root: boolean;
  canary: boolean;
  /** The report verified this key invalid: AWS did not know the key id, or the secret was wrong. */
  verifiedInvalid?: boolean;
}

export interface TargetSelection {
  keyIds: readonly string[];
  report?: ReportInput | undefined;
  /** `live`: only keys the report verified as live. */
  status?: 'live' | 'all' | undefined;
}

/** Checks and merges --key-id values and report findings; duplicates collapse to one target. */
export function collectRevokeTargets(sel: TargetSelection): RevokeTarget[] {
  const byId = new Map<string, RevokeTarget>();
  for (const raw of sel.keyIds) {
    const keyId = raw.trim();
    if (!KEY_ID_PATTERN.test(keyId)) {
      // Someone may paste the secret access key here by mistake: never echo a long value whole.
      const shown = keyId.length > 24 ? redact(keyId) : JSON.stringify(raw);
      throw new UsageError(
        `key id ${shown} is not an AWS access key id`,
        'pass the 20-character id starting AKIA or ASIA (never the secret access key)',
      );
    }
    if (!byId.has(keyId)) byId.set(keyId, { keyId, verifiedArn: undefined, root: false, canary: false });
  }
  for (const f of sel.report?.findings ?? []) {
    if (!f.keyId) continue;
    if (sel.status === 'live' && f.verification?.status !== 'live') continue;
    const prev = byId.get(f.keyId);
    byId.set(f.keyId, {
      keyId: f.keyId,
      verifiedArn: prev?.verifiedArn ?? f.verification?.arn,
      root: (prev?.root ?? false) || f.verification?.root === true,
      canary: (prev?.canary ?? false) || f.canary || f.verification?.status === 'canary',
      verifiedInvalid: (prev?.verifiedInvalid ?? false) || f.verification?.status === 'invalid',
    });
  }
  return [...byId.values()];
}
