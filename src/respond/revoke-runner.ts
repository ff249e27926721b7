import { AwsCallError, type AwsFailureKind } from '../aws/aws-call-error.js';
import type { Answer, KeyLastUsed, OperatorSession } from '../aws/operator-api.js';
import { accountFromKeyId, keyIdType } from '../model/aws-key-id.js';
import { KeysweepError } from '../model/errors.js';
import { type AuditAction, type AuditEntry, type AuditSink, AuditWriteError } from './audit-log.js';
import type { RevokeOutcome, RevokeStep } from './revoke-outcome.js';
import type { RevokeTarget } from './revoke-targets.js';
import {
  isIamName,
  quarantinePolicyArn,
  REVOKE_SESSIONS_POLICY_NAME,
  revokeOlderSessionsPolicy,
  roleNameFromArn,
} from './session-policy.js';
import { shellQuote } from './shell-quote.js';

export interface RevokeOptions {
  /** --yes: act. Without it nothing is changed: lookups only, and the plan is returned. */
  apply: boolean;
  quarantine?: boolean;
  delete?: boolean;
  /** --revoke-sessions ROLE_NAME for temporary (ASIA) keys. */
  revokeSessionsRole?: string | undefined;
  /**
   * Waits between reads when confirming a deactivation: IAM is eventually consistent, so a read
   * right after the update may still say Active.
   */
  confirmDelaysMs?: readonly number[];
  /** Where actions are recorded; only used with apply. */
  audit?: AuditSink | undefined;
  /** Called as each key finishes, for progress output. */
  onOutcome?: (outcome: RevokeOutcome) => void;
  now?: () => Date;
}

export const DEFAULT_CONFIRM_DELAYS_MS: readonly number[] = [500, 1000, 2000, 4000];

/** Failures after which every later call would fail the same way: stop instead of hammering. */
const FATAL: ReadonlySet<AwsFailureKind> = new Set(['unreachable', 'credentials']);

/**
 * Revokes each key with the operator's credentials, one at a time (IAM rate limits are low and
 * the audit log reads best in order). Safety checks come before any change: the key must be in
 * the operator's account and must not be the key the operator is signing with.
 */
export async function revokeKeys(
  targets: readonly RevokeTarget[],
  session: OperatorSession,
  options: RevokeOptions,
): Promise<RevokeOutcome[]> {
  const run = new RevokeRun(session, options);
  const outcomes: RevokeOutcome[] = [];
  let fatal: AwsCallError | undefined;
  for (const target of targets) {
    if (run.auditFailure) {
      outcomes.push(notAttempted(target.keyId, 'the audit log could not be written'));
      continue;
    }
    const outcome = fatal ? skippedAfter(target.keyId, fatal) : await run.revoke(target);
    if (!fatal && outcome.failure && FATAL.has(outcome.failure)) fatal = run.lastError;
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  }
  if (run.auditFailure) throw new RevokeInterrupted(run.auditFailure, outcomes);
  return outcomes;
}

/**
 * The run stopped because the audit log failed. The outcomes gathered so far travel with the
 * error, so the CLI still prints what was changed before it exits 3.
 */
export class RevokeInterrupted extends KeysweepError {
  constructor(
    cause: AuditWriteError,
    readonly outcomes: readonly RevokeOutcome[],
  ) {
    super(cause.code, cause.message, {
      exitCode: cause.exitCode,
      ...(cause.hint ? { hint: cause.hint } : {}),
      cause,
    });
  }
}

function notAttempted(keyId: string, why: string): RevokeOutcome {
  return { keyId, status: 'failed', steps: [], message: `not attempted: ${why}` };
}

function skippedAfter(keyId: string, err: AwsCallError): RevokeOutcome {
  return {
    ...notAttempted(keyId, `AWS failed earlier in this run (${err.awsCode})`),
    failure: err.kind,
  };
}

/** Ends the steps for one key early with a given outcome. */
class Stop {
  constructor(readonly outcome: RevokeOutcome) {}
}

class RevokeRun {
  lastError: AwsCallError | undefined;
  /** Set when the audit log failed: the run ends after the current key. */
  auditFailure: AuditWriteError | undefined;
  /** An owner lookup answered in this run: the operator holds iam:GetAccessKeyLastUsed. */
  private ownerLookupWorked = false;
  /** Roles whose older sessions this run already revoked: one policy per role is enough. */
  private readonly revokedRoles = new Set<string>();
  private readonly now: () => Date;

  constructor(
    private readonly session: OperatorSession,
    private readonly options: RevokeOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async revoke(target: RevokeTarget): Promise<RevokeOutcome> {
    const out: RevokeOutcome = { keyId: target.keyId, status: 'planned', steps: [], message: '' };
    try {
      await this.steps(target, out);
    } catch (err) {
      if (err instanceof Stop) return err.outcome;
      if (err instanceof AuditWriteError) return this.stopForAudit(out, err);
      if (!(err instanceof AwsCallError)) throw err;
      this.lastError = err;
      out.failure = err.kind;
      const why = `${err.message}${err.hint ? ` (${err.hint})` : ''}`;
      if (out.status === 'planned') {
        out.status = err.kind === 'not-found' ? 'not-found' : 'failed';
        out.message = why;
      } else {
        // The key was already switched off; say so before the later failure.
        out.message = `${out.message}; then ${why}`;
      }
    }
    return out;
  }

  /** Keeps what this key already went through (a deactivation stays reported) and ends the run. */
  private stopForAudit(out: RevokeOutcome, err: AuditWriteError): RevokeOutcome {
    this.auditFailure = err;
    if (out.status === 'planned') {
      return { ...out, status: 'failed', message: `stopped: ${err.message}` };
    }
    return { ...out, message: `${out.message}; then ${err.message}` };
  }

  private async steps(t: RevokeTarget, out: RevokeOutcome): Promise<void> {
    const keyId = t.keyId;
    const operator = this.session.identity;
    if (this.session.ownKeyIds.includes(keyId)) {
      await this.refuse(
        out,
        'this is the key the operator is signing with; revoking it would lock you out mid-incident',
      );
    }
    if (keyId.endsWith('EXAMPLE')) {
      await this.refuse(out, 'this is an AWS documentation example key, not a real one');
    }

    const account = accountFromKeyId(keyId) ?? (await this.resolveAccount(out));
    out.account = account;
    if (account !== operator.account) {
      const canary = t.canary ? '; it is a canary token (a tripwire): never use it' : '';
      await this.refuse(
        out,
        `the key belongs to account ${account}, not the operator's account ${operator.account}${canary}; ` +
          `act with credentials in account ${account} (--profile or --role-arn)`,
      );
    }

    switch (keyIdType(keyId)) {
      case 'temporary':
        return this.revokeSessions(t, out);
      case 'long-term':
        break;
      default:
        return this.manual(
          out,
          `${keyId.slice(0, 4)} credentials cannot be deactivated through IAM; they expire on their own. ` +
            'Find the principal that issued them in CloudTrail and revoke its access',
        );
    }
    if (t.root) return this.rootKey(out);

    const lastUsed = await this.lookupOwner(t, out);
    out.lastUsed = lastUsed;
    const userName = lastUsed.userName;
    if (!userName || userName === '<root_account>' || userName === 'root') return this.rootKey(out);
    out.userName = userName;

    const keys = await this.audited(out, 'list-keys', () => this.session.aws.listAccessKeys(userName));
    const record = keys.find((k) => k.keyId === keyId);
    if (!record) {
      out.status = 'not-found';
      out.message = `user ${userName} has no access key ${keyId}; it may already have been deleted`;
      return;
    }
    const user = shellQuote(userName);
    const active = record.status === 'Active';
    const plan: RevokeStep[] = [];
    if (active) {
      plan.push({
        action: 'deactivate',
        description: `deactivate ${keyId} of user ${userName}, then confirm it reads Inactive`,
        command: `aws iam update-access-key --user-name ${user} --access-key-id ${keyId} --status Inactive`,
        state: 'planned',
      });
    }
    const policyArn = quarantinePolicyArn(operator.partition);
    if (this.options.quarantine) {
      plan.push({
        action: 'quarantine',
        description: `attach ${policyArn} to user ${userName}`,
        command: `aws iam attach-user-policy --user-name ${user} --policy-arn ${policyArn}`,
        state: 'planned',
      });
    }
    if (this.options.delete) {
      plan.push({
        action: 'delete',
        description: `delete ${keyId} of user ${userName} (cannot be undone)`,
        command: `aws iam delete-access-key --user-name ${user} --access-key-id ${keyId}`,
        state: 'planned',
      });
    }

    if (!this.options.apply) {
      out.steps.push(...plan);
      out.status = active || plan.length > 0 ? 'planned' : 'already-inactive';
      out.message = active
        ? `would deactivate ${keyId} of user ${userName}`
        : `${keyId} of user ${userName} is already ${record.status}; nothing to deactivate`;
      return;
    }

    if (active) {
      await this.audited(
        out,
        'deactivate',
        () => this.session.aws.setAccessKeyStatus(userName, keyId, 'Inactive'),
        { description: plan[0]!.description, command: plan[0]!.command! },
      );
      out.status = 'deactivated';
      out.message = `deactivated ${keyId} of user ${userName}`;
      const confirmed = await this.confirmInactive(out, userName);
      if (!confirmed)
        out.message += '; IAM still read Active afterwards (eventual consistency): check again in a minute';
    } else {
      out.status = 'already-inactive';
      out.message = `${keyId} of user ${userName} is already ${record.status}; nothing to deactivate`;
      out.steps.push({ action: 'deactivate', description: out.message, state: 'no-change' });
      await this.record(out, {
        action: 'deactivate',
        result: 'no-change',
        detail: `status ${record.status}`,
      });
    }
    if (this.options.quarantine) {
      await this.audited(out, 'quarantine', () => this.session.aws.attachUserPolicy(userName, policyArn), {
        description: `attached ${policyArn} to user ${userName}`,
        policyArn,
      });
      out.message += '; quarantine policy attached';
    }
    if (this.options.delete) {
      await this.audited(out, 'delete', () => this.session.aws.deleteAccessKey(userName, keyId), {
        description: `deleted ${keyId} of user ${userName}`,
      });
      out.message += '; key deleted';
    }
  }

  /**
   * iam:GetAccessKeyLastUsed for a key id the account does not hold (deleted already, never
   * issued) answers NoSuchEntity, the error the IAM API reference lists; in practice IAM may
   * answer AccessDenied instead, exactly as when the operator lacks the permission. The key's
   * account is the operator's (checked before), so AccessDenied is read as "not there" only with
   * evidence that the permission itself is fine: the report verified the key invalid, or an
   * earlier lookup in this run succeeded. Otherwise it stays an operator failure (exit 3).
   */
  private async lookupOwner(t: RevokeTarget, out: RevokeOutcome): Promise<KeyLastUsed> {
    try {
      const lastUsed = await this.audited(out, 'lookup-owner', () =>
        this.session.aws.accessKeyLastUsed(t.keyId),
      );
      this.ownerLookupWorked = true;
      return lastUsed;
    } catch (err) {
      if (!(err instanceof AwsCallError)) throw err;
      const evidence =
        err.kind === 'not-found'
          ? `IAM answered ${err.awsCode}`
          : err.kind === 'denied' && t.verifiedInvalid
            ? `IAM answered ${err.awsCode}, and the report verified the key invalid`
            : err.kind === 'denied' && this.ownerLookupWorked
              ? `IAM answered ${err.awsCode} for this key id only: earlier lookups in this run worked`
              : undefined;
      if (!evidence) throw err;
      throw new Stop({
        ...out,
        status: 'not-found',
        message: `${t.keyId} not found in account ${out.account} (deleted already, or never existed); nothing to deactivate (${evidence})`,
      });
    }
  }

  private async resolveAccount(out: RevokeOutcome): Promise<string> {
    // Legacy (pre-2019) ids do not encode their account; STS answers from the caller's account.
    return this.audited(out, 'resolve-account', () => this.session.aws.accessKeyAccount(out.keyId));
  }

  /** Reads the key back until IAM says Inactive, tolerating a stale Active in between. */
  private async confirmInactive(out: RevokeOutcome, userName: string): Promise<boolean> {
    const delays = this.options.confirmDelaysMs ?? DEFAULT_CONFIRM_DELAYS_MS;
    let lastStatus = 'unknown';
    let requestId: string | undefined;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await sleep(delays[attempt - 1]!);
      const answer = await this.session.aws.listAccessKeys(userName).catch((err: unknown) => {
        if (err instanceof AwsCallError && err.kind !== 'unreachable' && err.kind !== 'credentials')
          return undefined;
        throw err;
      });
      if (!answer) continue;
      requestId = answer.requestId;
      lastStatus = answer.value.find((k) => k.keyId === out.keyId)?.status ?? 'absent';
      if (lastStatus === 'Inactive') break;
    }
    const ok = lastStatus === 'Inactive';
    out.steps.push({
      action: 'confirm',
      description: ok ? 'IAM reads the key as Inactive' : `IAM still reads the key as ${lastStatus}`,
      state: ok ? 'done' : 'unconfirmed',
      ...(requestId ? { requestId } : {}),
    });
    await this.record(out, {
      action: 'confirm',
      result: ok ? 'ok' : 'unconfirmed',
      detail: `status ${lastStatus}`,
      ...(requestId ? { requestId } : {}),
    });
    return ok;
  }

  private async revokeSessions(t: RevokeTarget, out: RevokeOutcome): Promise<void> {
    const known = roleNameFromArn(t.verifiedArn);
    const given = this.options.revokeSessionsRole;
    if (!given) {
      return this.manual(
        out,
        known
          ? `temporary (ASIA) keys cannot be deactivated; rerun with --revoke-sessions ${known} to deny every session of role ${known} issued before now`
          : 'temporary (ASIA) keys cannot be deactivated; find the role that issued it (keysweep verify, or CloudTrail by AccessKeyId) and rerun with --revoke-sessions ROLE_NAME',
      );
    }
    if (!isIamName(given)) {
      return this.manual(out, `--revoke-sessions ${JSON.stringify(given)} is not an IAM role name`);
    }
    if (known && known !== given) {
      return this.manual(
        out,
        `the report says this key belongs to role ${known}, not ${given}; rerun with --revoke-sessions ${known}`,
      );
    }
    if (roleNameFromArn(this.session.identity.arn) === given) {
      await this.refuse(
        out,
        `the operator is itself a session of role ${given}; revoking its sessions would lock you out`,
      );
    }
    out.roleName = given;
    const document = revokeOlderSessionsPolicy(this.now());
    const step = {
      description: `deny every session of role ${given} issued before now (inline policy ${REVOKE_SESSIONS_POLICY_NAME})`,
      command: `aws iam put-role-policy --role-name ${shellQuote(given)} --policy-name ${REVOKE_SESSIONS_POLICY_NAME} --policy-document ${shellQuote(document)}`,
    };
    if (!this.options.apply) {
      out.steps.push({ action: 'revoke-sessions', state: 'planned', ...step });
      out.message = `would revoke the older sessions of role ${given}`;
      return;
    }
    out.status = 'sessions-revoked';
    if (this.revokedRoles.has(given)) {
      out.steps.push({
        action: 'revoke-sessions',
        state: 'no-change',
        description: `${step.description}: already done in this run`,
      });
      await this.record(out, {
        action: 'revoke-sessions',
        result: 'no-change',
        roleName: given,
        detail: 'already done in this run',
      });
    } else {
      await this.audited(
        out,
        'revoke-sessions',
        () => this.session.aws.putRolePolicy(given, REVOKE_SESSIONS_POLICY_NAME, document),
        { ...step, roleName: given },
      );
      this.revokedRoles.add(given);
    }
    out.message = `every session of role ${given} issued before now is denied`;
  }

  private async rootKey(out: RevokeOutcome): Promise<void> {
    return this.manual(
      out,
      'this is a root user access key: only the root user can deactivate or delete it (sign in as root, ' +
        'Security credentials, Access keys), or the Organization management account via sts:AssumeRoot. ' +
        'Then change the root password, enable MFA on root, and open an AWS Support case',
    );
  }

  private async manual(out: RevokeOutcome, message: string): Promise<never> {
    await this.record(out, { action: 'explain', result: 'manual', detail: message });
    throw new Stop({ ...out, status: 'manual', message });
  }

  private async refuse(out: RevokeOutcome, message: string): Promise<never> {
    await this.record(out, { action: 'refuse', result: 'refused', detail: message });
    throw new Stop({ ...out, status: 'refused', message });
  }

  /**
   * Runs one AWS call and records it: read-only lookups are kept as steps only when applying (so
   * the audit log lines up with CloudTrail); changes always become a step.
   */
  private async audited<T>(
    out: RevokeOutcome,
    action: AuditAction,
    fn: () => Promise<Answer<T>>,
    change?: { description: string; command?: string; policyArn?: string; roleName?: string },
  ): Promise<T> {
    const extra = {
      ...(change?.policyArn ? { policyArn: change.policyArn } : {}),
      ...(change?.roleName ? { roleName: change.roleName } : {}),
    };
    try {
      const answer = await fn();
      if (change) {
        out.steps.push({
          action,
          description: change.description,
          ...(change.command ? { command: change.command } : {}),
          state: 'done',
          ...(answer.requestId ? { requestId: answer.requestId } : {}),
        });
      }
      await this.record(out, {
        action,
        result: 'ok',
        ...(answer.requestId ? { requestId: answer.requestId } : {}),
        ...extra,
      });
      return answer.value;
    } catch (err) {
      if (err instanceof AwsCallError) {
        if (change) {
          out.steps.push({
            action,
            description: change.description,
            state: 'failed',
            ...(err.requestId ? { requestId: err.requestId } : {}),
          });
        }
        await this.record(out, {
          action,
          result: 'failed',
          errorCode: err.awsCode,
          detail: err.message,
          ...(err.requestId ? { requestId: err.requestId } : {}),
          ...extra,
        });
      }
      throw err;
    }
  }

  private async record(
    out: RevokeOutcome,
    entry: Omit<AuditEntry, 'time' | 'runId' | 'operator' | 'keyId'>,
  ): Promise<void> {
    if (!this.options.apply || !this.options.audit) return;
    await this.options.audit.record({
      keyId: out.keyId,
      ...(out.account ? { account: out.account } : {}),
      ...(out.userName ? { userName: out.userName } : {}),
      ...entry,
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
