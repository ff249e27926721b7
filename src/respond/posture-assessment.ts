import { ConfigError } from '../model/errors.js';
import type { CredentialReportRow } from './credential-report.js';

/** The age after which an active key counts as stale (CIS AWS Foundations 1.12 and 1.14). */
export const STALE_KEY_DAYS = 90;

export interface StaleKey {
  user: string;
  slot: 1 | 2;
  /** Days since the key was created or last rotated. */
  ageDays: number | undefined;
  /** Days since last use; for a never-used key, days since it was created. */
  unusedDays: number | undefined;
  lastUsed: string | undefined;
  reasons: ('older-than-90-days' | 'unused-90-days')[];
}

export interface PostureAssessment {
  /** When AWS generated the report. */
  generatedAt: string | undefined;
  assessedAt: string;
  users: number;
  rootAccessKeys: { slot: 1 | 2; lastRotated: string | undefined; lastUsed: string | undefined }[];
  /** Undefined when the report has no root row. */
  rootMfa: boolean | undefined;
  usersWithoutMfa: { user: string; arn: string; consoleAccess: boolean }[];
  staleKeys: StaleKey[];
  usersWithTwoActiveKeys: { user: string; arn: string }[];
}

const DAY = 86_400_000;

/** The four checks of the posture command, from the parsed credential report. */
export function assessPosture(
  rows: readonly CredentialReportRow[],
  now: Date,
  generatedAt?: string | undefined,
): PostureAssessment {
  const root = rows.find((r) => r.isRoot);
  const users = rows.filter((r) => !r.isRoot);
  const staleKeys: StaleKey[] = [];
  for (const r of users) {
    for (const k of r.keys) {
      if (!k.active) continue;
      const ageDays = daysSince(k.lastRotated, now);
      // A key never used has been idle since it was created.
      const unusedDays = daysSince(k.lastUsed ?? k.lastRotated, now);
      const reasons: StaleKey['reasons'] = [];
      if (ageDays !== undefined && ageDays > STALE_KEY_DAYS) reasons.push('older-than-90-days');
      if (unusedDays !== undefined && unusedDays > STALE_KEY_DAYS) reasons.push('unused-90-days');
      if (reasons.length)
        staleKeys.push({ user: r.user, slot: k.slot, ageDays, unusedDays, lastUsed: k.lastUsed, reasons });
    }
  }
  return {
    generatedAt,
    assessedAt: now.toISOString(),
    users: users.length,
    rootAccessKeys: (root?.keys ?? [])
      .filter((k) => k.active)
      .map((k) => ({ slot: k.slot, lastRotated: k.lastRotated, lastUsed: k.lastUsed })),
    rootMfa: root ? root.mfaActive : undefined,
    usersWithoutMfa: users
      .filter((r) => !r.mfaActive)
      .map((r) => ({ user: r.user, arn: r.arn, consoleAccess: r.passwordEnabled })),
    staleKeys,
    usersWithTwoActiveKeys: users
      .filter((r) => r.keys.every((k) => k.active))
      .map((r) => ({ user: r.user, arn: r.arn })),
  };
}

/** How many problems the assessment found; 0 means a clean posture. */
export function postureProblemCount(p: PostureAssessment): number {
  return (
    p.rootAccessKeys.length +
    (p.rootMfa === false ? 1 : 0) +
    p.usersWithoutMfa.length +
    p.staleKeys.length +
    p.usersWithTwoActiveKeys.length
  );
}

function daysSince(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined;
  return Math.floor((now.getTime() - Date.parse(iso)) / DAY);
}

/** Reads back `keysweep posture --format json`, keeping only well-formed entries. */
export function parsePostureAssessment(json: unknown, name: string): PostureAssessment {
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (typeof o['assessedAt'] !== 'string' || !Array.isArray(o['usersWithoutMfa'])) {
    throw new ConfigError(`posture file ${name} is not the output of \`keysweep posture --format json\``, {
      file: name,
    });
  }
  const arr = (v: unknown) =>
    Array.isArray(v)
      ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
      : [];
  const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const slot = (v: unknown): 1 | 2 => (v === 2 ? 2 : 1);
  return {
    generatedAt: s(o['generatedAt']),
    assessedAt: o['assessedAt'],
    users: n(o['users']) ?? 0,
    rootAccessKeys: arr(o['rootAccessKeys']).map((k) => ({
      slot: slot(k['slot']),
      lastRotated: s(k['lastRotated']),
      lastUsed: s(k['lastUsed']),
    })),
    rootMfa: typeof o['rootMfa'] === 'boolean' ? o['rootMfa'] : undefined,
    usersWithoutMfa: arr(o['usersWithoutMfa']).map((u) => ({
      user: s(u['user']) ?? '?',
      arn: s(u['arn']) ?? '',
      consoleAccess: u['consoleAccess'] === true,
    })),
    staleKeys: arr(o['staleKeys']).map((k) => ({
      user: s(k['user']) ?? '?',
      slot: slot(k['slot']),
      ageDays: n(k['ageDays']),
      unusedDays: n(k['unusedDays']),
      lastUsed: s(k['lastUsed']),
      reasons: (Array.isArray(k['reasons']) ? k['reasons'] : []).filter(
        (r): r is StaleKey['reasons'][number] => r === 'older-than-90-days' || r === 'unused-90-days',
      ),
    })),
    usersWithTwoActiveKeys: arr(o['usersWithTwoActiveKeys']).map((u) => ({
      user: s(u['user']) ?? '?',
      arn: s(u['arn']) ?? '',
    })),
  };
}
