import type { OperatorSession } from '../aws/operator-api.js';
import { AuditLog } from './audit-log.js';

/**
 * The audit log of one revoke run. With --role-arn every entry also names the principal that
 * assumed the role, and the first entry is the sts:AssumeRole call itself (with its request id),
 * so CloudTrail's AssumeRole event and the actions that followed tie back to one person.
 */
export async function openSessionAudit(path: string, session: OperatorSession): Promise<AuditLog> {
  const from = session.assumedFrom;
  const audit = new AuditLog(path, session.identity.arn, undefined, from?.arn);
  if (from) {
    await audit.record({
      keyId: from.keyId,
      action: 'assume-role',
      result: 'ok',
      account: session.identity.account,
      ...(from.requestId ? { requestId: from.requestId } : {}),
      detail: `assumed ${from.roleArn} as ${session.identity.arn}`,
    });
  }
  return audit;
}
