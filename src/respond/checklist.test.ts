import { describe, expect, it } from 'vitest';
import { UsageError } from '../model/errors.js';
import type { AuditEntry } from './audit-log.js';
import { COMMERCIAL_REGIONS } from './aws-regions.js';
import { renderChecklist } from './checklist.js';
import type { Checklist } from './checklist-model.js';

const NOW = new Date('2026-03-02T00:00:00Z');
const SECRET = 'Zm9vYmFyYmF6cXV4cXV1eHNlY3JldHZhbHVlMTIzNA';
const TOKEN = 'IQoJb3JpZ2luX2VjEBsaCXVzLWVhc3QtMSJHMEUCIQDtokentokentoken';
const LONE_SECRET = 'c2VjcmV0b25seXNlY3JldG9ubHlzZWNyZXRvbmx5cw';
const COMMIT = '89abcdef0123456789abcdef0123456789abcdef';

/** A report as `--show-secrets` would write it: raw secrets sit beside the redacted hints. */
function report(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    tool: { name: 'keysweep', version: '0.1.0' },
    run: {
      command: 'history',
      roots: ['.'],
      startedAt: '2026-03-01T10:00:00Z',
      finishedAt: '2026-03-01T10:00:05Z',
    },
    stats: { files: 0, blobs: 3, bytes: 1, skipped: {}, findings: 4 },
    findings: [
      {
        fingerprint: 'a'.repeat(64),
        kind: 'aws-key-pair',
        ruleIds: ['aws.access-key-id', 'aws.secret-access-key'],
        severity: 'critical',
        confidence: 'high',
        keyId: 'AKIARZPUZDIKGB2VALC4',
        keyType: 'long-term',
        account: '123456789012',
        canary: false,
        secret: SECRET,
        secretRedacted: 'Zm9v…MzQ0 (40 chars)',
        occurrences: [
          {
            kind: 'git',
            path: 'deploy/ci.yml',
            line: 12,
            column: 5,
            blob: '1123456789abcdef0123456789abcdef01234567',
            commit: '99abcdef0123456789abcdef0123456789abcdef',
            author: 'Dev Two',
            email: 'two@example.com',
            date: '2026-02-01T09:00:00Z',
          },
          {
            kind: 'git',
            path: 'config/.env',
            line: 3,
            column: 19,
            secretLine: 4,
            blob: '0123456789abcdef0123456789abcdef01234567',
            commit: COMMIT,
            author: 'Dev One',
            email: 'dev@example.com',
            date: '2026-01-10T09:00:00+01:00',
            refs: ['refs/heads/main'],
          },
        ],
        presentAtHead: true,
        verification: {
          status: 'live',
          account: '123456789012',
          arn: 'arn:aws:iam::123456789012:user/deploy-bot',
          userId: 'AIDAXXXXXXXXXXXXXXXXX',
          root: false,
          checkedAt: '2026-03-01T10:00:04Z',
          detail: 'authenticated',
        },
      },
      {
        fingerprint: 'b'.repeat(64),
        kind: 'aws-session-token',
        keyId: 'ASIAY34FZKBOKMUTVV7A',
        keyType: 'temporary',
        canary: false,
        secret: SECRET,
        sessionToken: TOKEN,
        sessionTokenRedacted: 'IQoJ…oken (58 chars)',
        occurrences: [{ kind: 'file', path: 'notes/creds.txt', line: 1, column: 1 }],
        verification: { status: 'live', arn: 'arn:aws:sts::609629065308:assumed-role/Deploy/ci-1' },
      },
      {
        fingerprint: 'c'.repeat(64),
        kind: 'aws-access-key-id',
        keyId: 'AKIAYVP4CIPPERUVIFXG',
        canary: true,
        occurrences: [{ kind: 'file', path: 'tripwire.txt', line: 2, column: 1 }],
        verification: { status: 'canary' },
      },
      {
        fingerprint: 'd'.repeat(64),
        kind: 'aws-secret-key',
        secret: LONE_SECRET,
        // A hand-edited report with the raw value in the hint field: it must not be echoed.
        secretRedacted: LONE_SECRET,
        occurrences: [{ kind: 'file', path: 'odd`name|x.txt', line: 7, column: 1 }],
      },
    ],
    issues: [],
  };
}

const OPERATOR = 'arn:aws:iam::123456789012:user/responder';
const AUDIT: AuditEntry[] = [
  {
    time: '2026-03-01T11:00:01.000Z',
    runId: 'r1',
    operator: OPERATOR,
    keyId: 'AKIARZPUZDIKGB2VALC4',
    action: 'deactivate',
    result: 'ok',
    requestId: 'req-2',
    account: '123456789012',
    userName: 'deploy-bot',
  },
  {
    time: '2026-03-01T11:00:00.000Z',
    runId: 'r1',
    operator: OPERATOR,
    keyId: 'AKIARZPUZDIKGB2VALC4',
    action: 'lookup-owner',
    result: 'ok',
    requestId: 'req-1',
    account: '123456789012',
  },
  {
    time: '2026-03-01T11:00:02.000Z',
    runId: 'r1',
    operator: OPERATOR,
    keyId: 'AKIAOTHERKEYNOTINREPORT',
    action: 'deactivate',
    result: 'ok',
  },
];

function markdown(r: unknown = report(), audit: AuditEntry[] = AUDIT): string {
  return renderChecklist(r, audit, 'markdown', { now: NOW });
}

function json(r: unknown = report(), audit: AuditEntry[] = AUDIT): Checklist {
  return JSON.parse(renderChecklist(r, audit, 'json', { now: NOW })) as Checklist;
}

describe('renderChecklist', () => {
  it('never prints a secret or session token, even from a --show-secrets report', () => {
    for (const out of [markdown(), renderChecklist(report(), AUDIT, 'json', { now: NOW })]) {
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain(LONE_SECRET);
      // Not even a long piece of one.
      expect(out).not.toContain(SECRET.slice(4, 30));
    }
    expect(markdown()).toContain('`Zm9v…MzQ0 (40 chars)` (redacted)');
  });

  it('fills in the facts: key, account, owner, ARN, verification, places and the exposure window', () => {
    const md = markdown();
    expect(md).toContain('| Account | 123456789012 |');
    expect(md).toContain('| Owner | deploy-bot |');
    expect(md).toContain('| ARN | `arn:aws:iam::123456789012:user/deploy-bot` |');
    expect(md).toContain('| Verification | live at 2026-03-01T10:00:04.000Z: authenticated |');
    // Earliest commit first, with author, date and refs; the +01:00 date normalised to UTC.
    expect(md).toContain(
      '- `config/.env:3` in commit `89abcdef0123` by Dev One <dev@example.com> on 2026-01-10T08:00:00.000Z (`refs/heads/main`)',
    );
    expect(md.indexOf('config/.env:3')).toBeLessThan(md.indexOf('deploy/ci.yml:12'));
    expect(md).toContain(
      '| Exposure window | from 2026-01-10T08:00:00.000Z (commit `89abcdef0123`) to 2026-03-01T11:00:01.000Z (contained): 50 days |',
    );
    expect(md).toContain('It is still in the current tree');
  });

  it('shows what was done from the audit log, in time order, and ticks containment', () => {
    const md = markdown();
    const first = md.indexOf('lookup-owner: ok');
    const second = md.indexOf('deactivate: ok, user deploy-bot, request `req-2`');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(md).toContain('- [x] **2. Contain**');
    expect(md).not.toContain('AKIAOTHERKEYNOTINREPORT');
    const c = json();
    expect(c.keys[0]!.actions.map((a) => a.requestId)).toEqual(['req-1', 'req-2']);
  });

  it('holds the ready-to-run commands, filled in', () => {
    const md = markdown();
    const key = 'AKIARZPUZDIKGB2VALC4';
    expect(md).toContain(
      `aws cloudtrail lookup-events --region "$r" --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${key} --start-time 2026-01-10T08:00:00Z --output json > "cloudtrail-${key}-$r.json"`,
    );
    const loop = md.slice(md.indexOf('**4. Investigate**'), md.indexOf('**5. Hunt'));
    for (const region of COMMERCIAL_REGIONS) expect(loop).toContain(` ${region}`);
    expect(md).toContain('AttributeKey=EventName,AttributeValue="$e" --start-time 2026-01-10T08:00:00Z');
    expect(md).toContain('aws ec2 describe-instances --region "$r"');
    expect(md).toContain(
      `aws iam update-access-key --user-name deploy-bot --access-key-id ${key} --status Inactive`,
    );
    expect(md).toContain(`aws iam delete-access-key --user-name deploy-bot --access-key-id ${key}`);
    expect(md).toContain(
      "aws iam create-access-key --user-name deploy-bot --query 'AccessKey.AccessKeyId' --output text",
    );
    expect(md).toContain('git filter-repo --sensitive-data-removal --replace-text replacements.txt');
    expect(md).toContain(`PASTE-SECRET-ACCESS-KEY-OF-${key}==>***REMOVED***`);
    expect(md).toContain('Use roles instead of long-lived access keys');
    expect(md).toContain('Never create access keys for the root user');
  });

  it('lists every distinct secret found with one key id, and one placeholder for each', () => {
    const r = report();
    const findings = r['findings'] as Record<string, unknown>[];
    const other = 'T3RoZXJzZWNyZXRvdGhlcnNlY3JldG90aGVyc2Vj';
    findings.push({
      ...findings[0]!,
      fingerprint: 'f'.repeat(64),
      secret: other,
      secretRedacted: 'T3Ro…ZWNj (40 chars)',
      verification: undefined,
    });
    const md = markdown(r, []);
    expect(md).toContain(
      '| Secret | 2 different secrets found with this key id (redacted): 1. `Zm9v…MzQ0 (40 chars)`<br>2. `T3Ro…ZWNj (40 chars)` |',
    );
    expect(md).not.toContain(other);
    const key = 'AKIARZPUZDIKGB2VALC4';
    const replacements = json(r, []).purge.replacementsFile;
    expect(replacements).toContain(`PASTE-SECRET-ACCESS-KEY-1-OF-${key}==>***REMOVED***`);
    expect(replacements).toContain(`PASTE-SECRET-ACCESS-KEY-2-OF-${key}==>***REMOVED***`);
    expect(replacements).not.toContain(`PASTE-SECRET-ACCESS-KEY-OF-${key}`);
    // filter-repo takes every line as a rule: no comments or hints in the file.
    expect(replacements.split('\n').filter((l) => l !== '' && !l.includes('==>'))).toEqual([]);
    expect(json(r, []).keys[0]!.secretsRedacted).toEqual(['Zm9v…MzQ0 (40 chars)', 'T3Ro…ZWNj (40 chars)']);
  });

  it('orders the steps as AWS playbook does', () => {
    const c = json();
    expect(c.keys[0]!.steps.map((s) => s.id)).toEqual([
      'triage',
      'identify',
      'contain',
      'verify-containment',
      'investigate',
      'persistence',
      'iterate',
      'eradicate',
      'recover',
      'afterwards',
    ]);
    expect(c.keys[0]!.steps.map((s) => s.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('temporary keys: revoke the role sessions; start CloudTrail 90 days back when no commit date is known', () => {
    const c = json();
    const temp = c.keys.find((k) => k.keyId === 'ASIAY34FZKBOKMUTVV7A')!;
    expect(temp.owner).toBe('role Deploy');
    expect(temp.account).toBe('609629065308');
    const contain = temp.steps.find((s) => s.id === 'contain')!;
    expect(contain.commands.join('\n')).toContain(
      'keysweep revoke --key-id ASIAY34FZKBOKMUTVV7A --revoke-sessions Deploy --yes',
    );
    const investigate = temp.steps.find((s) => s.id === 'investigate')!;
    expect(investigate.commands[0]).toContain('--start-time 2025-12-02T00:00:00Z');
    expect(temp.steps.find((s) => s.id === 'eradicate')!.commands).toEqual([]);
    expect(c.purge.replacementsFile).toContain('PASTE-SESSION-TOKEN-OF-ASIAY34FZKBOKMUTVV7A==>***REMOVED***');
  });

  it('canary keys get a warning and no AWS commands', () => {
    const c = json();
    const canary = c.keys.find((k) => k.keyId === 'AKIAYVP4CIPPERUVIFXG')!;
    expect(canary.canary).toBe(true);
    expect(canary.steps).toHaveLength(1);
    expect(canary.steps[0]!.notes.join(' ')).toContain('canary-token account');
    expect(canary.steps[0]!.commands).toEqual([]);
    expect(c.keys.at(-1)!.keyId).toBe('AKIAYVP4CIPPERUVIFXG');
    expect(c.purge.replacementsFile).not.toContain('AKIAYVP4CIPPERUVIFXG');
  });

  it('lists secrets without a key id, escaping odd paths, and drops a raw value in the hint field', () => {
    const md = markdown();
    expect(md).toContain('## Secrets without a key id');
    expect(md).toContain('``odd`name|x.txt:7``');
    const c = json();
    expect(c.secretsWithoutKeyId[0]!.secretRedacted).toBeUndefined();
  });

  it('sets $KS_USER when nobody knows the owner yet', () => {
    const r = report();
    const f = (r['findings'] as Record<string, unknown>[])[0]!;
    delete f['verification'];
    const md = markdown(r, []);
    expect(md).toContain(
      'KS_USER=$(aws iam get-access-key-last-used --access-key-id AKIARZPUZDIKGB2VALC4 --query UserName --output text)',
    );
    expect(md).toContain(
      'aws iam update-access-key --user-name "$KS_USER" --access-key-id AKIARZPUZDIKGB2VALC4',
    );
    expect(md).toContain('- [ ] **2. Contain**');
    expect(md).toContain('to now (still open): 50 days');
  });

  it('root keys: guidance for the root user and sts:AssumeRoot, no IAM user commands', () => {
    const r = report();
    const f = (r['findings'] as Record<string, unknown>[])[0]!;
    f['verification'] = { status: 'live', arn: 'arn:aws:iam::123456789012:root', root: true };
    const key = json(r, []).keys[0]!;
    expect(key.root).toBe(true);
    expect(key.severity).toBe('critical');
    const contain = key.steps.find((s) => s.id === 'contain')!;
    expect(contain.commands.join('\n')).toContain(
      'aws sts assume-root --target-principal 123456789012 --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
    );
    expect(key.steps.find((s) => s.id === 'identify')!.commands).toEqual([]);
    expect(JSON.stringify(key.steps)).not.toContain('--user-name');
  });

  it('accepts the in-memory report shape (nested locations) that scan --checklist may pass', () => {
    const r = {
      tool: { name: 'keysweep', version: '0.1.0' },
      findings: [
        {
          fingerprint: 'e'.repeat(64),
          kind: 'aws-access-key-id',
          keyId: 'AKIARZPUZDIKGB2VALC4',
          canary: false,
          occurrences: [
            {
              location: {
                kind: 'git',
                path: 'src/app.js',
                blob: '0123456789abcdef0123456789abcdef01234567',
                commit: { sha: COMMIT, author: 'Dev', email: 'd@e.x', date: '2026-02-20T00:00:00Z' },
              },
              line: 9,
              column: 1,
            },
          ],
        },
      ],
    };
    const md = markdown(r, []);
    expect(md).toContain(
      '- `src/app.js:9` in commit `89abcdef0123` by Dev <d@e.x> on 2026-02-20T00:00:00.000Z',
    );
    expect(md).toContain('--start-time 2026-02-20T00:00:00Z');
  });

  it('a merged report: every place names its repository, and the purge is per repository', () => {
    const at = (repository: string, path: string, commit: string) => ({
      repository,
      kind: 'git',
      path,
      line: 2,
      blob: '0123456789abcdef0123456789abcdef01234567',
      commit,
      date: '2026-02-20T00:00:00Z',
    });
    const merged = {
      schemaVersion: 1,
      tool: { name: 'keysweep', version: '0.1.0' },
      run: { command: 'merge', roots: ['web-1a2b3c4d', 'infra-5e6f7a8b'] },
      findings: [
        {
          fingerprint: 'e'.repeat(64),
          kind: 'aws-access-key-id',
          keyId: 'AKIARZPUZDIKGB2VALC4',
          occurrences: [at('web-1a2b3c4d', 'config.env', COMMIT), at('infra-5e6f7a8b', 'config.env', COMMIT)],
        },
        {
          fingerprint: 'f'.repeat(64),
          kind: 'aws-secret-key',
          occurrences: [at('infra-5e6f7a8b', 'ci/creds', COMMIT)],
        },
      ],
    };
    const md = markdown(merged, []);
    // A fork shares commits: the same path and commit in two repositories is two places.
    expect(md).toContain('- `config.env:2` in repository `web-1a2b3c4d` in commit `89abcdef0123`');
    expect(md).toContain('- `config.env:2` in repository `infra-5e6f7a8b` in commit `89abcdef0123`');
    expect(md).toContain('  - `ci/creds:2` in repository `infra-5e6f7a8b` in commit `89abcdef0123`');
    expect(md).toContain('The credentials are in 2 repositories: purge each one');
    expect(md).toContain(
      '# repository infra-5e6f7a8b (AKIARZPUZDIKGB2VALC4, a secret without a key id): in a fresh clone of it',
    );
    expect(md).toContain('# repository web-1a2b3c4d (AKIARZPUZDIKGB2VALC4): in a fresh clone of it');
    expect(md).not.toContain('clone of the repository');
  });

  it('says there is nothing to do for a report without AWS credentials', () => {
    const md = markdown({ tool: { name: 'keysweep', version: '0.1.0' }, findings: [] }, []);
    expect(md).toContain('No AWS credentials in the report: nothing to do.');
    expect(md).not.toContain('Purge the history');
  });

  it('refuses what is not a keysweep report', () => {
    expect(() => markdown({ results: [] }, [])).toThrow(UsageError);
    expect(() => markdown({ tool: { name: 'gitleaks' }, findings: [] }, [])).toThrow(/written by "gitleaks"/);
    expect(() => markdown('nope', [])).toThrow(/not a JSON object/);
  });
});
