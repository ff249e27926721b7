import type { OperatorOptions } from '../aws/operator.js';
import { UsageError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import type { RevokeOutcome } from '../respond/revoke-outcome.js';
import type { VerifyOptions, VerifyStats } from '../verify/verify-findings.js';

export type { OperatorOptions, RevokeOutcome, VerifyOptions, VerifyStats };

/**
 * Checks each key pair live with sts:GetCallerIdentity and sets `finding.verification`.
 * Canary-token accounts (the built-in list unless given) are settled offline, never sent.
 * Loads the AWS SDK on first use only.
 */
export async function verify(
  findings: Finding[],
  options: Partial<VerifyOptions> = {},
): Promise<VerifyStats> {
  const { verifyFindings } = await import('../verify/verify-findings.js');
  const canaryAccounts =
    options.canaryAccounts ?? (await import('../rules/canary-accounts.js')).loadCanaryAccounts();
  return verifyFindings(findings, { ...options, canaryAccounts });
}

export interface RevokeApiOptions {
  /** Act. Without it (the default) nothing changes: lookups only, and the outcomes are the plan. */
  apply?: boolean;
  /** Also attach a deny-all quarantine policy to the key's user. */
  quarantine?: boolean;
  /** Delete the key after deactivating it. */
  delete?: boolean;
  /** For temporary (ASIA) keys: the role whose older sessions to revoke. */
  revokeSessionsRole?: string;
  /** The operator's own credentials: profile, region, role to assume, ... (default chain otherwise). */
  operator?: OperatorOptions;
  /** Audit log file (JSON lines); written only when `apply` is true. Default keysweep-audit.jsonl. */
  auditFile?: string;
}

/**
 * Deactivates access keys with the operator's own AWS credentials (never the leaked key), one
 * at a time, after checking each belongs to the operator's account and is not the key in use.
 * A dry run unless `options.apply` is true. Bad arguments reject with a UsageError.
 */
export async function revoke(
  keyIds: readonly string[],
  options: RevokeApiOptions = {},
): Promise<RevokeOutcome[]> {
  checkRevokeArguments(keyIds, options);
  const [
    { validateOperatorOptions, connectOperator },
    { collectRevokeTargets },
    { revokeKeys },
    { DEFAULT_AUDIT_FILE },
    { openSessionAudit },
  ] = await Promise.all([
    import('../aws/operator.js'),
    import('../respond/revoke-targets.js'),
    import('../respond/revoke-runner.js'),
    import('../respond/audit-log.js'),
    import('../respond/session-audit.js'),
  ]);
  const operator = options.operator ?? {};
  validateOperatorOptions(operator);
  const targets = collectRevokeTargets({ keyIds });
  if (targets.length === 0) return [];
  const session = await connectOperator(operator);
  try {
    return await revokeKeys(targets, session, {
      apply: options.apply === true,
      quarantine: options.quarantine === true,
      delete: options.delete === true,
      revokeSessionsRole: options.revokeSessionsRole,
      audit: options.apply
        ? await openSessionAudit(options.auditFile ?? DEFAULT_AUDIT_FILE, session)
        : undefined,
    });
  } finally {
    session.close();
  }
}

/** JavaScript callers get no type checks: say what is wrong before anything is loaded or asked. */
function checkRevokeArguments(keyIds: unknown, options: unknown): void {
  const example = "e.g. revoke(['AKIAIOSFODNN7EXAMPLE'], { apply: false })";
  if (!Array.isArray(keyIds) || !keyIds.every((k) => typeof k === 'string')) {
    throw new UsageError('revoke: keyIds must be an array of access key ids (strings)', example);
  }
  if (typeof options !== 'object' || options === null) {
    throw new UsageError('revoke: options must be an object, or left out for a dry run', example);
  }
  const apply = (options as RevokeApiOptions).apply;
  if (apply !== undefined && typeof apply !== 'boolean') {
    throw new UsageError(
      `revoke: options.apply must be true or false, not ${JSON.stringify(apply)}`,
      'apply: true deactivates the keys; leave it out (or false) for a dry run',
    );
  }
}
