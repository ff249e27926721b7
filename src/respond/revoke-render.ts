import type { OperatorIdentity } from '../aws/operator-api.js';
import type { RevokeOutcome, RevokeStatus, RevokeStep } from './revoke-outcome.js';

export interface RevokeRunSummary {
  operator: OperatorIdentity;
  assumedRoleArn: string | undefined;
  apply: boolean;
  /** Where the audit log was written, with --yes. */
  auditPath: string | undefined;
  outcomes: readonly RevokeOutcome[];
}

const LABEL: Record<RevokeStatus, string> = {
  deactivated: 'deactivated',
  'already-inactive': 'already inactive',
  'sessions-revoked': 'sessions revoked',
  planned: 'planned',
  refused: 'refused',
  manual: 'needs a human',
  'not-found': 'not found',
  failed: 'failed',
};

const STEP_WORD: Record<RevokeStep['state'], string> = {
  done: 'done',
  planned: 'would',
  'no-change': 'no change',
  failed: 'FAILED',
  unconfirmed: 'unconfirmed',
};

/** The human summary of a revoke run: who acted, then each key, then the totals. */
export function renderRevokeText(run: RevokeRunSummary): string {
  const lines: string[] = [];
  const op = run.operator;
  lines.push(`operator: ${op.arn} (account ${op.account})`);
  lines.push(
    run.apply
      ? `mode: acting (--yes)${run.auditPath ? `; audit log: ${run.auditPath}` : ''}`
      : 'mode: dry run: nothing is changed; rerun with --yes to act',
  );
  if (run.outcomes.length === 0) lines.push('', 'no access key ids to revoke');
  for (const o of run.outcomes) {
    lines.push('', `${o.keyId}  [${LABEL[o.status]}]${describeKey(o)}`);
    for (const s of o.steps) {
      lines.push(
        `  ${STEP_WORD[s.state]}: ${s.description}${s.requestId ? ` (request ${s.requestId})` : ''}`,
      );
      if (s.command && s.state === 'planned') lines.push(`      ${s.command}`);
    }
    lines.push(`  ${o.message}`);
  }
  lines.push('', `summary: ${summarise(run.outcomes)}`);
  if (!run.apply && run.outcomes.some((o) => o.status === 'planned')) {
    lines.push('dry run: nothing was changed; rerun with --yes to act');
  }
  return `${lines.join('\n')}\n`;
}

export function renderRevokeJson(run: RevokeRunSummary): string {
  return `${JSON.stringify(
    {
      operator: run.operator,
      assumedRoleArn: run.assumedRoleArn ?? null,
      mode: run.apply ? 'apply' : 'dry-run',
      auditLog: run.auditPath ?? null,
      outcomes: run.outcomes,
    },
    null,
    2,
  )}\n`;
}

function describeKey(o: RevokeOutcome): string {
  const parts: string[] = [];
  if (o.account) parts.push(`account ${o.account}`);
  if (o.userName) parts.push(`user ${o.userName}`);
  if (o.roleName) parts.push(`role ${o.roleName}`);
  if (o.lastUsed) {
    const u = o.lastUsed;
    parts.push(
      u.date
        ? `last used ${u.date}${u.service ? ` by ${u.service}` : ''}${u.region ? ` in ${u.region}` : ''}`
        : 'never used',
    );
  }
  return parts.length ? `  ${parts.join(', ')}` : '';
}

function summarise(outcomes: readonly RevokeOutcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(LABEL[o.status], (counts.get(LABEL[o.status]) ?? 0) + 1);
  if (counts.size === 0) return 'nothing to do';
  return [...counts].map(([label, n]) => `${n} ${label}`).join(', ');
}
