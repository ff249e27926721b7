import type { FakeAwsState, FakeKey } from './state.js';
import { isoSeconds } from './xml.js';

/** The columns of IAM's credential report, in IAM's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

function keyColumns(key: FakeKey | undefined): string[] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    String(key.status === 'Active'),
    isoSeconds(key.createDate),
    key.lastUsed ? isoSeconds(key.lastUsed.date) : 'N/A',
    key.lastUsed?.region ?? 'N/A',
    key.lastUsed?.service ?? 'N/A',
  ];
}

/** One row for the root user, then one per IAM user of the account; at most two keys each. */
export function credentialReportCsv(state: FakeAwsState, account: string, generated: Date): string {
  const rows: string[][] = [];
  const rootKeys = [...state.keys.values()].filter((k) => k.account === account && k.arn.endsWith(':root'));
  rows.push([
    '<root_account>',
    `arn:aws:iam::${account}:root`,
    isoSeconds(generated),
    'not_supported',
    'N/A',
    'not_supported',
    'not_supported',
    'false',
    ...keyColumns(rootKeys[0]),
    ...keyColumns(rootKeys[1]),
    'false',
    'N/A',
    'false',
    'N/A',
  ]);
  for (const user of state.users.values()) {
    if (user.account !== account) continue;
    const keys = state.keysOfUser(account, user.userName);
    rows.push([
      user.userName,
      user.arn,
      isoSeconds(user.createDate),
      'false',
      'N/A',
      'N/A',
      'N/A',
      'false',
      ...keyColumns(keys[0]),
      ...keyColumns(keys[1]),
      'false',
      'N/A',
      'false',
      'N/A',
    ]);
  }
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\n');
}
