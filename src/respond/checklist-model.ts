import { accountFromKeyId, keyIdType } from '../model/aws-key-id.js';
import { SWEEP_FAILED } from '../model/report.js';
import { VERSION } from '../version.js';
import type { AuditEntry } from './audit-log.js';
import { IAM_EVENTS_REGION, regionsForPartition } from './aws-regions.js';
import {
  cloudTrailKeyLookup,
  containCommands,
  eradicateCommands,
  identifyCommands,
  type KeyCommandContext,
  persistenceCommands,
  purgeCommands,
  revokeSessionsCommands,
  rootContainCommands,
  rotationCommands,
  verifyContainmentCommands,
} from './checklist-commands.js';
import type { PostureAssessment } from './posture-assessment.js';
import type { ReportFindingInput, ReportInput } from './report-input.js';
import { roleNameFromArn } from './session-policy.js';

/** CloudTrail event history (lookup-events) keeps 90 days of management events. */
export const CLOUDTRAIL_HISTORY_DAYS = 90;

export interface ChecklistPlace {
  /** The repository (merged reports name one per place); undefined for a single report. */
  repository: string | undefined;
  kind: string;
  path: string;
  line: number | undefined;
  commit: string | undefined;
  author: string | undefined;
  email: string | undefined;
  date: string | undefined;
  refs: string[];
}

export interface ChecklistStep {
  /** 0-9, the order of AWS's credential-compromise playbook (shared AWS.md §6). */
  number: number;
  id:
    | 'triage'
    | 'identify'
    | 'contain'
    | 'verify-containment'
    | 'investigate'
    | 'persistence'
    | 'iterate'
    | 'eradicate'
    | 'recover'
    | 'afterwards';
  title: string;
  /** True when the audit log shows keysweep already did it. */
  done: boolean;
  notes: string[];
  commands: string[];
}

export interface ChecklistKey {
  keyId: string;
  keyType: string;
  account: string | undefined;
  owner: string | undefined;
  arn: string | undefined;
  severity: string | undefined;
  canary: boolean;
  root: boolean;
  /** The first secret found with the key id (kept for readers of older checklists). */
  secretRedacted: string | undefined;
  /**
   * Every distinct secret found with the key id, redacted. More than one happens (a rotated
   * secret, a typo, a secret paired with the wrong id): each must be purged and checked.
   */
  secretsRedacted: string[];
  verification: { status: string; checkedAt: string | undefined; detail: string | undefined } | undefined;
  places: ChecklistPlace[];
  exposure: {
    /** Earliest commit date that held the key; undefined when no git date is known. */
    since: string | undefined;
    sinceCommit: string | undefined;
    /** When keysweep switched it off (audit log), if it did. */
    until: string | undefined;
    /** Whole days between since and until (or the checklist's time when still open). */
    days: number | undefined;
    presentAtHead: boolean | undefined;
  };
  actions: AuditEntry[];
  steps: ChecklistStep[];
}

export interface SecretOnlyFinding {
  kind: string;
  secretRedacted: string | undefined;
  places: ChecklistPlace[];
}

export interface Checklist {
  schemaVersion: 1;
  tool: { name: 'keysweep'; version: string };
  generatedAt: string;
  report: { command: string | undefined; roots: string[]; startedAt: string | undefined };
  /** Repositories a sweep could not clone or scan: the checklist cannot speak for them. */
  notScanned: { path: string; detail: string | undefined }[];
  keys: ChecklistKey[];
  secretsWithoutKeyId: SecretOnlyFinding[];
  purge: { replacementsFile: string; commands: string[]; notes: string[] };
  prevention: string[];
  posture: PostureAssessment | undefined;
}

export interface ChecklistOptions {
  now?: Date;
  posture?: PostureAssessment | undefined;
}

export const PREVENTION_ADVICE: readonly string[] = [
  'Use roles instead of long-lived access keys: IAM Identity Center for people, OIDC federation for CI (GitHub Actions, GitLab), instance and task roles for workloads.',
  'Require MFA for every human user, and for assuming privileged roles.',
  'Grant least privilege: scope policies to the actions and resources each principal needs; review them with IAM Access Analyzer.',
  'Never create access keys for the root user; delete any that exist, and enable MFA on root.',
  'Keep secrets in a secrets manager (AWS Secrets Manager, SSM Parameter Store), never in code or config files in git.',
  'Block secrets before they land: run `keysweep staged` as a pre-commit hook and `keysweep ci` on every push.',
  'Rotate any remaining long-lived keys regularly and alert on their use from unexpected places (GuardDuty).',
];

/** Assembles the checklist from a report (already validated) and the audit log. Pure. */
export function buildChecklist(
  report: ReportInput,
  audit: readonly AuditEntry[],
  options: ChecklistOptions = {},
): Checklist {
  const now = options.now ?? new Date();
  const groups = new Map<string, ReportFindingInput[]>();
  const secretsOnly: SecretOnlyFinding[] = [];
  for (const f of report.findings) {
    if (f.keyId) {
      const list = groups.get(f.keyId) ?? [];
      list.push(f);
      groups.set(f.keyId, list);
    } else if (f.kind.startsWith('aws-')) {
      secretsOnly.push({ kind: f.kind, secretRedacted: f.secretRedacted, places: places([f]) });
    }
  }
  const keys = [...groups].map(([keyId, findings]) => buildKey(keyId, findings, audit, now));
  keys.sort((a, b) => rank(a) - rank(b) || a.keyId.localeCompare(b.keyId));
  return {
    schemaVersion: 1,
    tool: { name: 'keysweep', version: VERSION },
    generatedAt: now.toISOString(),
    report: {
      command: report.run?.command,
      roots: report.run?.roots ?? [],
      startedAt: report.run?.startedAt,
    },
    notScanned: report.issues
      .filter((i) => i.kind === 'error' && i.reason === SWEEP_FAILED)
      .map((i) => ({ path: i.path, detail: i.detail })),
    keys,
    secretsWithoutKeyId: secretsOnly,
    purge: purgeSection(keys, secretsOnly),
    prevention: [...PREVENTION_ADVICE],
    posture: options.posture,
  };
}

/** Live and root keys first: they are the fire. */
function rank(k: ChecklistKey): number {
  if (k.canary) return 5;
  if (k.root) return 0;
  switch (k.verification?.status) {
    case 'live':
      return 1;
    case 'unknown':
    case undefined:
    case 'skipped':
      return 2;
    default:
      return 3;
  }
}

function buildKey(
  keyId: string,
  findings: ReportFindingInput[],
  audit: readonly AuditEntry[],
  now: Date,
): ChecklistKey {
  const verification =
    findings.find((f) => f.verification?.status === 'live')?.verification ??
    findings.find((f) => f.verification)?.verification;
  const actions = audit.filter((e) => e.keyId === keyId).sort((a, b) => a.time.localeCompare(b.time));
  const account =
    accountFromKeyId(keyId) ??
    findings.find((f) => f.account)?.account ??
    verification?.account ??
    actions.find((a) => a.account)?.account;
  const userFromAudit = [...actions].reverse().find((a) => a.userName)?.userName;
  const roleFromAudit = [...actions].reverse().find((a) => a.roleName)?.roleName;
  const arn = verification?.arn;
  const root = findings.some((f) => f.verification?.root) || (arn?.endsWith(':root') ?? false);
  const owner = userFromAudit ?? ownerFromArn(arn) ?? (root ? 'root user' : undefined);
  const partition = arn?.split(':')[1] || 'aws';
  const keyPlaces = places(findings);

  const dates = [...keyPlaces.map((p) => p.date), ...findings.map((f) => f.firstSeen?.date)].filter(
    (d): d is string => d !== undefined,
  );
  const since = dates.sort()[0];
  const sinceCommit =
    keyPlaces.find((p) => p.date === since)?.commit ??
    findings.find((f) => f.firstSeen?.date === since)?.firstSeen?.commit;
  const containedAt = actions.find(
    (a) =>
      (a.action === 'deactivate' || a.action === 'revoke-sessions' || a.action === 'delete') &&
      (a.result === 'ok' || a.result === 'no-change'),
  );
  const until = containedAt?.time;
  const days = since
    ? Math.max(0, Math.floor((Date.parse(until ?? now.toISOString()) - Date.parse(since)) / 86_400_000))
    : undefined;
  const historyStart = new Date(now.getTime() - CLOUDTRAIL_HISTORY_DAYS * 86_400_000).toISOString();
  const startTime = cliTime(since ?? historyStart);

  const type = keyIdType(keyId);
  const ctx: KeyCommandContext = {
    keyId,
    account,
    userName: type === 'long-term' && !root ? (userFromAudit ?? userFromArn(arn)) : undefined,
    roleName: roleFromAudit ?? (type === 'temporary' ? roleNameFromArn(arn) : undefined),
    startTime,
    regions: regionsForPartition(partition),
    iamEventsRegion: IAM_EVENTS_REGION[partition] ?? 'us-east-1',
    partition,
    root,
  };
  const secrets = [...new Set(findings.map((f) => f.secretRedacted).filter((v): v is string => !!v))];
  const key: ChecklistKey = {
    keyId,
    keyType: type,
    account,
    owner,
    arn,
    severity: root ? 'critical' : findings.map((f) => f.severity).find(Boolean),
    canary: findings.some((f) => f.canary || f.verification?.status === 'canary'),
    root,
    secretRedacted: secrets[0],
    secretsRedacted: secrets,
    verification: verification
      ? { status: verification.status, checkedAt: verification.checkedAt, detail: verification.detail }
      : undefined,
    places: keyPlaces,
    exposure: {
      since,
      sinceCommit,
      until,
      days,
      presentAtHead: findings.some((f) => f.presentAtHead === true)
        ? true
        : findings.some((f) => f.presentAtHead === false)
          ? false
          : undefined,
    },
    actions,
    steps: [],
  };
  key.steps = key.canary ? canarySteps(key) : playbookSteps(key, ctx, { historyStart, containedAt, actions });
  return key;
}

function playbookSteps(
  k: ChecklistKey,
  ctx: KeyCommandContext,
  facts: { historyStart: string; containedAt: AuditEntry | undefined; actions: AuditEntry[] },
): ChecklistStep[] {
  const temporary = k.keyType === 'temporary';
  const longTerm = k.keyType === 'long-term';
  const deleted = facts.actions.some((a) => a.action === 'delete' && a.result === 'ok');
  const quarantined = facts.actions.some((a) => a.action === 'quarantine' && a.result === 'ok');
  const ownerNote =
    ctx.userName || !longTerm || k.root
      ? []
      : ['The owner is not known yet: the commands set $KS_USER from iam:GetAccessKeyLastUsed.'];
  const accountNote = k.account
    ? `Run every command with credentials in account ${k.account} (an incident-response role).`
    : 'The account is not known: run `aws sts get-access-key-info --access-key-id ' + k.keyId + '` first.';
  const tooOld = k.exposure.since !== undefined && k.exposure.since < facts.historyStart;

  const triage: string[] = [
    `Severity: ${triageSeverity(k)}.`,
    `Verification: ${k.verification ? `${k.verification.status}${k.verification.checkedAt ? ` (checked ${k.verification.checkedAt})` : ''}` : 'not verified'}.`,
    accountNote,
    'If the repository is public, or ever was, treat the key as used by others: public keys are found within minutes.',
  ];

  const contain: string[] = [];
  let containCmds: string[];
  if (k.root) {
    contain.push(
      'A root user key: only the root user (or the Organization management account with sts:AssumeRoot) can remove it. Then change the root password, enable root MFA and open an AWS Support case.',
    );
    containCmds = rootContainCommands(ctx);
  } else if (temporary) {
    contain.push(
      'Temporary (ASIA) credentials cannot be deactivated: deny the issuing role every session issued before now, then find and contain whatever credential created the session.',
    );
    containCmds = revokeSessionsCommands(ctx);
  } else if (longTerm) {
    contain.push(
      'Deactivate the key (reversible); do not delete it yet. Optionally attach the AWSCompromisedKeyQuarantineV3 managed policy to the user.',
    );
    containCmds = containCommands(ctx);
  } else {
    contain.push(
      `${k.keyType} credentials are not managed through IAM access keys: revoke the access of the principal that issued them.`,
    );
    containCmds = [];
  }
  if (facts.containedAt) {
    contain.unshift(
      `Done by keysweep at ${facts.containedAt.time} (${facts.containedAt.action}, ${facts.containedAt.result}${facts.containedAt.requestId ? `, request ${facts.containedAt.requestId}` : ''}).`,
    );
  }
  if (quarantined) contain.push('The quarantine policy was attached (see the actions above).');

  const investigate = [
    `Every management event made with the key, from first exposure (${ctx.startTime}), in every Region (one file per Region).`,
    ...(tooOld
      ? [
          `The exposure began more than ${CLOUDTRAIL_HISTORY_DAYS} days ago: lookup-events only holds ${CLOUDTRAIL_HISTORY_DAYS} days; query your trail's S3 bucket or CloudTrail Lake for older events.`,
        ]
      : []),
    ...(k.exposure.since
      ? []
      : [
          `No commit date is known for the first exposure, so the lookup starts ${CLOUDTRAIL_HISTORY_DAYS} days back (all that event history keeps).`,
        ]),
    'Data events (S3 object reads, Lambda invokes) are only in trails that record them.',
  ];

  return [
    { number: 0, id: 'triage', title: 'Triage', done: false, notes: triage, commands: [] },
    {
      number: 1,
      id: 'identify',
      title: 'Identify the principal and its reach',
      done: false,
      notes: [
        ...ownerNote,
        'List its other keys, policies, groups, and the roles it can assume: that is what the attacker could reach.',
      ],
      commands: identifyCommands(ctx),
    },
    {
      number: 2,
      id: 'contain',
      title: 'Contain',
      done: facts.containedAt !== undefined,
      notes: contain,
      commands: containCmds,
    },
    {
      number: 3,
      id: 'verify-containment',
      title: 'Verify containment',
      done: false,
      notes: [
        'Watch CloudTrail for the key for about 30 minutes: new events mean it still works (another copy, or a session it created).',
      ],
      commands: verifyContainmentCommands(ctx),
    },
    {
      number: 4,
      id: 'investigate',
      title: 'Investigate',
      done: false,
      notes: investigate,
      commands: [cloudTrailKeyLookup(ctx)],
    },
    {
      number: 5,
      id: 'persistence',
      title: 'Hunt persistence in every Region',
      done: false,
      notes: [
        'Look for what the attacker may have left to come back: new IAM users, access keys, login profiles, policies, roles and trust policies; EC2 and Spot instances; Lambda functions; CloudTrail stopped or changed.',
      ],
      commands: persistenceCommands(ctx),
    },
    {
      number: 6,
      id: 'iterate',
      title: 'Iterate',
      done: false,
      notes: [
        'Every new credential, user or role found above is a new incident: revoke it (`keysweep revoke --key-id ...`) and repeat from step 1.',
      ],
      commands: [],
    },
    {
      number: 7,
      id: 'eradicate',
      title: 'Eradicate',
      done: deleted,
      notes: [
        'Remove what the attacker created.',
        'Rotate every secret the principal could read (Secrets Manager, SSM parameters, S3 objects, CI variables).',
        ...(longTerm && !k.root ? ['Delete the key once nothing legitimate depends on it:'] : []),
        ...(deleted ? ['The key was deleted by keysweep (see the actions above).'] : []),
      ],
      commands: eradicateCommands(ctx),
    },
    {
      number: 8,
      id: 'recover',
      title: 'Recover and rotate',
      done: false,
      notes: [
        'Fix the cause: replace the long-lived key with a role where possible; otherwise issue a new key and store it in a secrets manager.',
        'Update every application and CI job that used the old key, and check they still work.',
      ],
      commands: rotationCommands(ctx),
    },
    {
      number: 9,
      id: 'afterwards',
      title: 'Afterwards',
      done: false,
      notes: [
        `Timeline: exposed ${k.exposure.since ? `since ${k.exposure.since}${k.exposure.sinceCommit ? ` (commit ${k.exposure.sinceCommit.slice(0, 12)})` : ''}` : 'since an unknown date'}${k.exposure.until ? `, contained ${k.exposure.until}` : ', not yet contained'}.`,
        'Review what happened and answer any AWS Support case about the exposed key.',
        'Purge the secret from git history (see "Purge the history" below); forks, clones and cached views keep it, so rotation is the fix and the purge is hygiene.',
        'Apply the prevention advice below.',
      ],
      commands: [],
    },
  ];
}

function canarySteps(k: ChecklistKey): ChecklistStep[] {
  return [
    {
      number: 0,
      id: 'triage',
      title: 'Triage: a canary token',
      done: false,
      notes: [
        `Account ${k.account ?? 'unknown'} is a known canary-token account: the key is a tripwire planted on purpose, and any call signed with it alerts its owner.`,
        'Never use or verify it. If it is yours, its alert tells you whether someone tried it; if not, ask who planted it and why it is in this repository.',
        'Remove it from the working tree if it does not belong there.',
      ],
      commands: [],
    },
  ];
}

function triageSeverity(k: ChecklistKey): string {
  if (k.root) return 'critical: a root user key gives full control of the account';
  if (k.verification?.status === 'live') return `${k.severity ?? 'high'}: the key is live`;
  if (k.verification?.status === 'invalid')
    return `${k.severity ?? 'medium'}: the key did not authenticate when checked (deleted, inactive, or wrong secret); confirm in IAM`;
  return `${k.severity ?? 'high'}: treat as live until shown otherwise`;
}

function places(findings: ReportFindingInput[]): ChecklistPlace[] {
  const seen = new Set<string>();
  const out: ChecklistPlace[] = [];
  for (const f of findings) {
    for (const o of f.occurrences) {
      // Forks share commits: the same place in two repositories is two places.
      const id = `${o.repository ?? ''}\0${o.kind}\0${o.path}\0${o.line}\0${o.commit ?? o.blob ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({
        repository: o.repository,
        kind: o.kind,
        path: o.path,
        line: o.line,
        commit: o.commit,
        author: o.author,
        email: o.email,
        date: o.date,
        refs: o.refs,
      });
    }
  }
  return out.sort((a, b) => (a.date ?? '9').localeCompare(b.date ?? '9') || a.path.localeCompare(b.path));
}

function ownerFromArn(arn: string | undefined): string | undefined {
  const role = roleNameFromArn(arn);
  return userFromArn(arn) ?? (role ? `role ${role}` : undefined);
}

function userFromArn(arn: string | undefined): string | undefined {
  const m = arn ? /^arn:[a-z-]+:iam::\d{12}:user\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(arn) : null;
  return m?.[1];
}

/** CloudTrail takes ISO times; whole seconds keep the command short. */
function cliTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

function purgeSection(keys: ChecklistKey[], secretsOnly: SecretOnlyFinding[]): Checklist['purge'] {
  // Rules only: filter-repo reads every line of the file as LITERAL==>REPLACEMENT (it has no
  // comments), so the guidance stays in the checklist text around it.
  const lines: string[] = [];
  for (const k of keys) {
    if (k.canary) continue;
    lines.push(`${k.keyId}==>${k.keyId.slice(0, 4)}REMOVED-BY-KEYSWEEP`);
    // One placeholder per secret found with the key id, numbered as the checklist's Secret row
    // lists them. No comment lines: filter-repo's --replace-text reads every line as a rule.
    if (k.secretsRedacted.length <= 1) lines.push(`PASTE-SECRET-ACCESS-KEY-OF-${k.keyId}==>***REMOVED***`);
    else {
      for (let n = 1; n <= k.secretsRedacted.length; n++)
        lines.push(`PASTE-SECRET-ACCESS-KEY-${n}-OF-${k.keyId}==>***REMOVED***`);
    }
    if (k.keyType === 'temporary') lines.push(`PASTE-SESSION-TOKEN-OF-${k.keyId}==>***REMOVED***`);
  }
  secretsOnly.forEach((s, i) => {
    lines.push(
      `PASTE-SECRET-${i + 1}${s.places[0] ? `-FROM-${s.places[0].path.replace(/[^\w./-]/g, '_')}` : ''}==>***REMOVED***`,
    );
  });
  const repos = repositoriesToPurge(keys, secretsOnly);
  return {
    replacementsFile: `${lines.join('\n')}\n`,
    commands:
      repos.size === 0
        ? purgeCommands(undefined, [])
        : [...repos].flatMap(([repo, what], i) => [...(i > 0 ? [''] : []), ...purgeCommands(repo, what)]),
    notes: [
      ...(repos.size > 1
        ? [
            `The credentials are in ${repos.size} repositories: purge each one (the same replacements file serves them all).`,
          ]
        : []),
      'Needs git-filter-repo 2.47 or later for --sensitive-data-removal.',
      'Rewriting history changes every later commit id: coordinate with everyone who has a clone, and ask them to re-clone.',
      'Forks, clones, CI caches and cached views keep the secret; on GitHub, ask Support to remove cached views and pull request refs. Rotation is the fix; the purge is hygiene.',
    ],
  };
}

/** Repository -> what to purge from it (key ids, or "a secret without a key id"), when places name one. */
function repositoriesToPurge(keys: ChecklistKey[], secretsOnly: SecretOnlyFinding[]): Map<string, string[]> {
  const repos = new Map<string, string[]>();
  const add = (places: ChecklistPlace[], what: string) => {
    for (const repo of new Set(places.map((p) => p.repository))) {
      if (repo === undefined) continue;
      const list = repos.get(repo) ?? [];
      if (!list.includes(what)) list.push(what);
      repos.set(repo, list);
    }
  };
  for (const k of keys) if (!k.canary) add(k.places, k.keyId);
  for (const s of secretsOnly) add(s.places, 'a secret without a key id');
  return new Map([...repos].sort(([a], [b]) => a.localeCompare(b)));
}
