import pc from 'picocolors';
import type { Finding } from '../model/finding.js';
import type { VerificationStatus } from '../model/verification.js';

/** `keysweep verify` exit codes: a live key is a finding; "could not tell" is an operational failure. */
export const VERIFY_EXIT: Record<VerificationStatus, number> = {
  live: 1,
  invalid: 0,
  canary: 0,
  skipped: 0,
  unknown: 3,
};

const LABEL: Record<VerificationStatus, string> = {
  live: 'LIVE',
  invalid: 'invalid',
  canary: 'canary (not sent)',
  skipped: 'not verified',
  unknown: 'unknown',
};

/** The human answer for one pair: status first, then who it is, then why. Never the secret itself. */
export function renderVerifyText(finding: Finding, color: boolean): string {
  const c = pc.createColors(color);
  const v = finding.verification;
  if (!v) return `${finding.keyId ?? '(no key id)'}  not verified\n`;
  const label = v.status === 'live' && v.root ? 'LIVE ROOT KEY' : LABEL[v.status];
  const paint =
    v.status === 'live'
      ? (s: string) => c.red(c.bold(s))
      : v.status === 'unknown'
        ? c.yellow
        : v.status === 'canary'
          ? c.cyan
          : c.green;
  const lines = [`${finding.keyId}  ${paint(label)}`];
  const row = (name: string, value: string | undefined) => {
    if (value) lines.push(`  ${name.padEnd(8)} ${value}`);
  };
  row('secret', finding.secret?.redacted());
  row('token', finding.sessionToken?.redacted());
  row('account', v.account ?? finding.account);
  row('arn', v.arn);
  row('user id', v.userId);
  row('checked', v.checkedAt);
  row('detail', v.detail);
  if (v.status === 'live') {
    row(
      'next',
      `keysweep revoke --key-id ${finding.keyId} (a dry run; add --yes to deactivate), then keysweep checklist`,
    );
  }
  return `${lines.join('\n')}\n`;
}
