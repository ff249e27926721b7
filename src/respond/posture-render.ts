import { plural } from '../model/plural.js';
import { type PostureAssessment, STALE_KEY_DAYS } from './posture-assessment.js';

interface PostureRow {
  check: string;
  problems: number;
  details: string;
}

/** The checks as rows: one line each, a count, and who is concerned. */
export function postureRows(p: PostureAssessment): PostureRow[] {
  const rootMfa =
    p.rootMfa === undefined
      ? 'no root row in the report'
      : p.rootMfa
        ? ''
        : 'the root user has no MFA device';
  return [
    {
      check: 'root access keys present',
      problems: p.rootAccessKeys.length,
      details: p.rootAccessKeys
        .map((k) => `root key ${k.slot} (last used ${k.lastUsed ? day(k.lastUsed) : 'never'})`)
        .join(', '),
    },
    { check: 'root user without MFA', problems: p.rootMfa === false ? 1 : 0, details: rootMfa },
    {
      check: 'users without MFA',
      problems: p.usersWithoutMfa.length,
      details: p.usersWithoutMfa
        .map((u) => `${u.user}${u.consoleAccess ? ' (console password)' : ''}`)
        .join(', '),
    },
    {
      check: `active keys older than ${STALE_KEY_DAYS} days or unused for ${STALE_KEY_DAYS} days`,
      problems: p.staleKeys.length,
      details: p.staleKeys
        .map((k) => {
          const bits = [
            k.ageDays !== undefined ? `${plural(k.ageDays, 'day')} old` : undefined,
            k.lastUsed
              ? `unused ${k.unusedDays === undefined ? '? days' : plural(k.unusedDays, 'day')}`
              : 'never used',
          ].filter(Boolean);
          return `${k.user} key ${k.slot} (${bits.join(', ')})`;
        })
        .join(', '),
    },
    {
      check: 'users with two active keys',
      problems: p.usersWithTwoActiveKeys.length,
      details: p.usersWithTwoActiveKeys.map((u) => u.user).join(', '),
    },
  ];
}

export function renderPostureText(p: PostureAssessment): string {
  const rows = postureRows(p);
  const width = Math.max(...rows.map((r) => r.check.length));
  const lines = [
    `IAM credential report${p.generatedAt ? ` generated ${p.generatedAt}` : ''}: ${p.users} IAM users`,
    '',
    `${'check'.padEnd(width)}  result  details`,
  ];
  for (const r of rows) {
    const result = r.problems === 0 ? 'ok' : `${r.problems} ✗`;
    lines.push(`${r.check.padEnd(width)}  ${result.padEnd(6)}  ${r.details}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

export function renderPostureMarkdown(p: PostureAssessment, heading = '##'): string {
  const lines = [
    `${heading} IAM posture`,
    '',
    `From the IAM credential report${p.generatedAt ? ` generated ${p.generatedAt}` : ''} (${p.users} IAM users).`,
    '',
    '| check | result | details |',
    '|---|---|---|',
  ];
  for (const r of postureRows(p)) {
    lines.push(
      `| ${cell(r.check)} | ${r.problems === 0 ? 'ok' : `${r.problems} to fix`} | ${cell(r.details)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function renderPostureJson(p: PostureAssessment): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function cell(s: string): string {
  return s.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ');
}
