import { plural } from '../model/plural.js';
import type { AuditEntry } from './audit-log.js';
import type { Checklist, ChecklistKey, ChecklistPlace } from './checklist-model.js';
import { renderPostureMarkdown } from './posture-render.js';

/**
 * The checklist as Markdown: one section per key, steps as task-list items with their commands
 * in fenced blocks, so it can go straight into a ticket or an incident document.
 */
export function renderChecklistMarkdown(c: Checklist): string {
  const out: string[] = [];
  out.push('# Incident checklist: leaked AWS credentials', '');
  const from = c.report.command ? `\`keysweep ${text(c.report.command)}\`` : 'a keysweep report';
  out.push(
    `Generated ${c.generatedAt} by keysweep ${c.tool.version} from ${from}${c.report.startedAt ? ` run at ${c.report.startedAt}` : ''}` +
      `${c.report.roots.length ? ` over ${c.report.roots.map(code).join(', ')}` : ''}.`,
    '',
    "Follows AWS's credential-compromise playbook. Secrets are never printed here; key ids are not secret.",
    '',
  );
  if (c.notScanned.length > 0) {
    out.push('## Not scanned', '');
    out.push(
      `${plural(c.notScanned.length, 'repository', 'repositories')} could not be swept, so this checklist does not cover them: fix the cause and sweep them again.`,
      '',
    );
    for (const n of c.notScanned) out.push(`- ${code(n.path)}${n.detail ? `: ${text(n.detail)}` : ''}`);
    out.push('');
  }
  if (c.keys.length === 0 && c.secretsWithoutKeyId.length === 0) {
    out.push(
      c.notScanned.length > 0
        ? 'No AWS credentials in what was scanned.'
        : 'No AWS credentials in the report: nothing to do.',
      '',
    );
  }
  if (c.keys.length > 1) {
    out.push(
      '| key id | account | owner | verification | first exposed | contained |',
      '|---|---|---|---|---|---|',
    );
    for (const k of c.keys) {
      out.push(
        `| ${code(k.keyId)} | ${k.account ?? '?'} | ${cell(k.owner ?? '?')} | ${k.canary ? 'canary' : (k.verification?.status ?? 'not verified')} | ${k.exposure.since ?? '?'} | ${k.exposure.until ?? 'no'} |`,
      );
    }
    out.push('');
  }
  for (const k of c.keys) renderKey(out, k);
  if (c.secretsWithoutKeyId.length) {
    out.push('## Secrets without a key id', '');
    out.push(
      'A secret access key was found with no access key id near it. Search the same files and commits for the id; if none is found, rotate every access key of the users that could have held it.',
      '',
    );
    for (const s of c.secretsWithoutKeyId) {
      out.push(`- ${text(s.kind)}${s.secretRedacted ? ` ${code(s.secretRedacted)}` : ''}`);
      for (const p of s.places) out.push(`  - ${place(p)}`);
    }
    out.push('');
  }
  if (c.keys.length || c.secretsWithoutKeyId.length) {
    out.push('## Purge the history', '');
    for (const n of c.purge.notes) out.push(`- ${n}`);
    out.push(
      '',
      'Template for `replacements.txt`, one `LITERAL==>REPLACEMENT` rule a line: replace each',
      '`PASTE-…` placeholder with the exact secret from the place listed above. Keep the file outside',
      'the repository and delete it when done: it holds the secrets. Add no comments: git filter-repo',
      'reads every line as a rule.',
      '',
      fence(c.purge.replacementsFile.trimEnd(), 'text'),
      '',
    );
    out.push(fence(c.purge.commands.join('\n'), 'sh'), '');
  }
  out.push('## Prevention', '');
  for (const p of c.prevention) out.push(`- ${p}`);
  out.push('');
  if (c.posture) out.push(renderPostureMarkdown(c.posture, '##'));
  return `${out.join('\n').trimEnd()}\n`;
}

function renderKey(out: string[], k: ChecklistKey): void {
  const status = k.canary ? 'canary' : (k.verification?.status ?? 'not verified');
  out.push(`## ${code(k.keyId)} (${status}${k.root ? ', root' : ''})`, '');
  const facts: [string, string][] = [
    ['Key id', code(k.keyId)],
    ['Key type', k.keyType],
    ['Account', k.account ?? 'unknown'],
    ['Owner', k.owner ? cell(k.owner) : 'unknown'],
    ['ARN', k.arn ? code(k.arn) : 'unknown'],
    [
      'Verification',
      k.verification
        ? `${cell(k.verification.status)}${k.verification.checkedAt ? ` at ${k.verification.checkedAt}` : ''}${k.verification.detail ? `: ${cell(k.verification.detail)}` : ''}`
        : 'not verified',
    ],
    ['Severity', k.severity ?? 'unknown'],
    ['Secret', secretsCell(k.secretsRedacted)],
    ['Exposure window', exposure(k)],
  ];
  out.push('| | |', '|---|---|');
  for (const [name, value] of facts) out.push(`| ${name} | ${value} |`);
  out.push('');

  out.push('### Where it was found', '');
  if (k.places.length === 0) out.push('- (the report lists no locations)');
  for (const p of k.places) out.push(`- ${place(p)}`);
  if (k.exposure.presentAtHead)
    out.push('', 'It is still in the current tree: remove it and commit before purging history.');
  out.push('');

  out.push('### What was done', '');
  if (k.actions.length === 0) out.push('Nothing yet (no keysweep audit log entries for this key).');
  for (const a of k.actions) out.push(`- ${action(a)}`);
  out.push('');

  out.push('### Checklist', '');
  for (const s of k.steps) {
    out.push(`- [${s.done ? 'x' : ' '}] **${s.number}. ${s.title}**`);
    for (const n of s.notes) out.push(`  - ${n}`);
    if (s.commands.length) {
      out.push('', indent(fence(s.commands.join('\n'), 'sh'), '  '), '');
    }
  }
  out.push('');
}

function exposure(k: ChecklistKey): string {
  const e = k.exposure;
  if (!e.since) return 'start unknown (no commit date in the report)';
  const commit = e.sinceCommit ? ` (commit ${code(e.sinceCommit.slice(0, 12))})` : '';
  const end = e.until ? `to ${e.until} (contained)` : 'to now (still open)';
  return `from ${e.since}${commit} ${end}${e.days !== undefined ? `: ${plural(e.days, 'day')}` : ''}`;
}

function place(p: ChecklistPlace): string {
  const where = `${code(`${p.path}${p.line ? `:${p.line}` : ''}`)}`;
  const bits: string[] = [where];
  if (p.repository) bits.push(`in repository ${code(p.repository)}`);
  if (p.kind === 'staged') bits.push('(staged)');
  if (p.kind === 'stdin') bits.push('(stdin)');
  if (p.commit) bits.push(`in commit ${code(p.commit.slice(0, 12))}`);
  if (p.author) bits.push(`by ${text(p.author)}${p.email ? ` <${text(p.email)}>` : ''}`);
  if (p.date) bits.push(`on ${p.date}`);
  if (p.refs.length) bits.push(`(${p.refs.map(code).join(', ')})`);
  return bits.join(' ');
}

function action(a: AuditEntry): string {
  const bits = [`${a.time} ${a.action}: ${a.result}`];
  if (a.userName) bits.push(`user ${text(a.userName)}`);
  if (a.roleName) bits.push(`role ${text(a.roleName)}`);
  if (a.policyArn) bits.push(code(a.policyArn));
  if (a.errorCode) bits.push(`error ${text(a.errorCode)}`);
  if (a.requestId) bits.push(`request ${code(a.requestId)}`);
  if (a.operator) bits.push(`by ${code(a.operator)}`);
  return bits.join(', ');
}

/** Inline code that survives backticks in the value (CommonMark: a longer fence). */
function code(s: string): string {
  const clean = s.replaceAll('\n', ' ');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const tick = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${tick}${pad}${clean}${pad}${tick}`;
}

/** Plain text from the report: escape what Markdown would interpret. */
function text(s: string): string {
  return s.replaceAll('\n', ' ').replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

function cell(s: string): string {
  return text(s);
}

function fence(body: string, lang: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${body}\n${f}`;
}

function indent(s: string, by: string): string {
  return s
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');
}

/** Every secret found with the key id: more than one means each must be checked and purged. */
function secretsCell(secrets: readonly string[]): string {
  if (secrets.length === 0) return 'not found with the key id';
  if (secrets.length === 1) return `${code(secrets[0]!)} (redacted)`;
  const listed = secrets.map((v, i) => `${i + 1}. ${code(v)}`).join('<br>');
  return `${secrets.length} different secrets found with this key id (redacted): ${listed}`;
}
