import { describe, expect, it } from 'vitest';
import { parseCredentialReport, parseCsv, ROOT_USER } from './credential-report.js';
import { assessPosture, parsePostureAssessment, postureProblemCount } from './posture-assessment.js';
import { renderPostureMarkdown, renderPostureText } from './posture-render.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

const NOW = new Date('2026-06-01T00:00:00Z');

function row(cells: Record<string, string>): string {
  return HEADER.split(',')
    .map((c) => cells[c] ?? 'N/A')
    .join(',');
}

const CSV = [
  HEADER,
  row({
    user: ROOT_USER,
    arn: 'arn:aws:iam::111122223333:root',
    mfa_active: 'false',
    access_key_1_active: 'true',
    access_key_1_last_rotated: '2020-01-01T00:00:00+00:00',
    access_key_2_active: 'false',
  }),
  // Fresh, used, with MFA: clean.
  row({
    user: 'good',
    arn: 'arn:aws:iam::111122223333:user/good',
    password_enabled: 'true',
    mfa_active: 'true',
    access_key_1_active: 'true',
    access_key_1_last_rotated: '2026-05-01T00:00:00+00:00',
    access_key_1_last_used_date: '2026-05-30T00:00:00+00:00',
    access_key_2_active: 'false',
  }),
  // Console user without MFA; an old key used yesterday.
  row({
    user: 'alice',
    arn: 'arn:aws:iam::111122223333:user/alice',
    password_enabled: 'true',
    mfa_active: 'false',
    access_key_1_active: 'true',
    access_key_1_last_rotated: '2025-01-01T00:00:00+00:00',
    access_key_1_last_used_date: '2026-05-31T00:00:00+00:00',
    access_key_2_active: 'false',
  }),
  // Two active keys: one never used for 100 days, one unused for 120 days; an inactive old key elsewhere is ignored.
  row({
    user: 'bob',
    arn: 'arn:aws:iam::111122223333:user/bob',
    mfa_active: 'true',
    access_key_1_active: 'true',
    access_key_1_last_rotated: '2026-02-21T00:00:00+00:00',
    access_key_2_active: 'true',
    access_key_2_last_rotated: '2026-04-01T00:00:00+00:00',
    access_key_2_last_used_date: '2026-02-01T00:00:00+00:00',
  }),
  row({
    user: 'carol',
    arn: 'arn:aws:iam::111122223333:user/carol',
    mfa_active: 'true',
    access_key_1_active: 'false',
    access_key_1_last_rotated: '2019-01-01T00:00:00+00:00',
    access_key_2_active: 'false',
  }),
].join('\n');

describe('credential report and posture', () => {
  it('parses the report and finds the four kinds of problem', () => {
    const rows = parseCredentialReport(CSV);
    expect(rows.map((r) => r.user)).toEqual([ROOT_USER, 'good', 'alice', 'bob', 'carol']);
    const p = assessPosture(rows, NOW, '2026-05-31T23:00:00.000Z');
    expect(p.users).toBe(4);
    expect(p.rootAccessKeys).toEqual([
      { slot: 1, lastRotated: '2020-01-01T00:00:00.000Z', lastUsed: undefined },
    ]);
    expect(p.rootMfa).toBe(false);
    expect(p.usersWithoutMfa).toEqual([
      { user: 'alice', arn: 'arn:aws:iam::111122223333:user/alice', consoleAccess: true },
    ]);
    expect(p.staleKeys.map((k) => [k.user, k.slot, k.reasons])).toEqual([
      ['alice', 1, ['older-than-90-days']],
      ['bob', 1, ['older-than-90-days', 'unused-90-days']],
      ['bob', 2, ['unused-90-days']],
    ]);
    expect(p.usersWithTwoActiveKeys.map((u) => u.user)).toEqual(['bob']);
    expect(postureProblemCount(p)).toBe(1 + 1 + 1 + 3 + 1);
  });

  it('renders a short table with counts and names', () => {
    const p = assessPosture(parseCredentialReport(CSV), NOW);
    const text = renderPostureText(p);
    expect(text).toMatch(/root access keys present\s+1 ✗\s+root key 1 \(last used never\)/);
    expect(text).toMatch(/users without MFA\s+1 ✗\s+alice \(console password\)/);
    expect(text).toMatch(/users with two active keys\s+1 ✗\s+bob/);
    expect(text).toContain('bob key 1 (100 days old, never used)');
    const md = renderPostureMarkdown(p);
    expect(md).toContain('| users with two active keys | 1 to fix | bob |');
  });

  it('a clean account has no problems', () => {
    const clean = [
      HEADER,
      row({
        user: ROOT_USER,
        arn: 'arn:aws:iam::1:root',
        mfa_active: 'true',
        access_key_1_active: 'false',
        access_key_2_active: 'false',
      }),
    ].join('\n');
    const p = assessPosture(parseCredentialReport(clean), NOW);
    expect(postureProblemCount(p)).toBe(0);
    expect(renderPostureText(p)).toMatch(/root access keys present\s+ok/);
  });

  it('round-trips through the JSON the posture command writes', () => {
    const p = assessPosture(parseCredentialReport(CSV), NOW);
    expect(parsePostureAssessment(JSON.parse(JSON.stringify(p)), 'p.json')).toEqual(
      JSON.parse(JSON.stringify(p)),
    );
    expect(() => parsePostureAssessment({ nope: 1 }, 'p.json')).toThrow(/posture file p.json/);
  });

  it('reads quoted CSV fields and fails clearly on a changed format', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n1,2,3')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '2', '3'],
    ]);
    expect(() => parseCredentialReport('user,arn\nx,y')).toThrow(/no column mfa_active/);
  });
});
