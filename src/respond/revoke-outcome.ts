import type { AwsFailureKind } from '../aws/aws-call-error.js';
import type { KeyLastUsed } from '../aws/operator-api.js';
import type { AuditAction } from './audit-log.js';

/**
 * Where a key ended up:
 * - `deactivated`: switched off in this run; `already-inactive`: nothing to change (a success);
 * - `sessions-revoked`: a temporary key's role now denies sessions issued before now;
 * - `planned`: dry run, the actions listed would be taken with --yes;
 * - `refused`: keysweep will not act (another account, the operator's own key, an example key);
 * - `manual`: keysweep cannot act; the message says what a human must do (root, ASIA without a role);
 * - `not-found`: the account holds no such key; `failed`: an AWS call failed.
 */
export type RevokeStatus =
  | 'deactivated'
  | 'already-inactive'
  | 'sessions-revoked'
  | 'planned'
  | 'refused'
  | 'manual'
  | 'not-found'
  | 'failed';

export interface RevokeStep {
  action: AuditAction;
  /** What it does, in words. */
  description: string;
  /** The equivalent AWS CLI command, so a dry run shows exactly what would happen. */
  command?: string;
  state: 'done' | 'planned' | 'no-change' | 'failed' | 'unconfirmed';
  requestId?: string;
}

export interface RevokeOutcome {
  keyId: string;
  status: RevokeStatus;
  account?: string;
  userName?: string;
  roleName?: string;
  lastUsed?: KeyLastUsed;
  steps: RevokeStep[];
  /** One sentence for the operator: what happened or what to do. */
  message: string;
  /** Set when an AWS call failed, even if the key itself was switched off. */
  failure?: AwsFailureKind;
}

const OPERATIONAL: ReadonlySet<AwsFailureKind> = new Set([
  'credentials',
  'denied',
  'throttled',
  'unreachable',
  'server',
]);
const NOT_REVOKED: ReadonlySet<RevokeStatus> = new Set(['refused', 'manual', 'not-found', 'failed']);

/** 3 when AWS was unreachable or refused the operator, 1 when some key was not revoked, else 0. */
export function revokeExitCode(outcomes: readonly RevokeOutcome[]): number {
  if (outcomes.some((o) => o.failure !== undefined && OPERATIONAL.has(o.failure))) return 3;
  if (outcomes.some((o) => NOT_REVOKED.has(o.status) || o.failure !== undefined)) return 1;
  return 0;
}
