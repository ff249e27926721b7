import { describe, expect, it } from 'vitest';
import { parseReportInput } from './report-input.js';
import { collectRevokeTargets } from './revoke-targets.js';

describe('parseReportInput', () => {
  it('keeps well-formed fields and drops malformed ones instead of failing', () => {
    const r = parseReportInput({
      tool: { name: 'keysweep', version: '0.1.0' },
      findings: [
        {
          fingerprint: 'f',
          kind: 'aws-key-pair',
          keyId: 'AKIA-not-a-key-id',
          account: '12345',
          canary: 'yes',
          secretRedacted: 'wJal…KEY1 (40 chars)',
          occurrences: [
            { kind: 'git', path: 'a.txt', line: -1, commit: 'not hex', date: 'yesterday' },
            'junk',
          ],
          verification: { status: 'live', arn: 'arn:aws:iam::123456789012:root' },
        },
        'not an object',
      ],
    });
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.keyId).toBeUndefined();
    expect(f.account).toBeUndefined();
    expect(f.canary).toBe(false);
    expect(f.secretRedacted).toBe('wJal…KEY1 (40 chars)');
    expect(f.occurrences).toEqual([
      {
        kind: 'git',
        path: 'a.txt',
        line: undefined,
        column: undefined,
        blob: undefined,
        commit: undefined,
        author: undefined,
        email: undefined,
        date: undefined,
        refs: [],
      },
    ]);
    expect(f.verification!.root).toBe(true);
  });

  it('never reads secret fields, and rejects a raw value disguised as the redacted hint', () => {
    const raw = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz';
    const r = parseReportInput({
      findings: [
        {
          kind: 'aws-key-pair',
          keyId: 'AKIARZPUZDIKGB2VALC4',
          secret: raw,
          secretRedacted: raw,
          occurrences: [],
        },
      ],
    });
    expect(JSON.stringify(r)).not.toContain(raw);
  });

  it('rejects inputs that are not keysweep reports, naming the file', () => {
    expect(() => parseReportInput([], 'r.json')).toThrow(
      'report r.json is not a keysweep JSON report: it is not a JSON object',
    );
    expect(() => parseReportInput({ findings: {} }, 'r.json')).toThrow('has no "findings" array');
  });
});

describe('collectRevokeTargets', () => {
  const report = parseReportInput({
    findings: [
      {
        kind: 'aws-key-pair',
        keyId: 'AKIARZPUZDIKGB2VALC4',
        occurrences: [],
        verification: { status: 'live' },
      },
      { kind: 'aws-access-key-id', keyId: 'AKIAYVP4CIPPERUVIFXG', canary: true, occurrences: [] },
      {
        kind: 'aws-session-token',
        keyId: 'ASIAY34FZKBOKMUTVV7A',
        occurrences: [],
        verification: { status: 'invalid', arn: 'arn:aws:sts::609629065308:assumed-role/Deploy/x' },
      },
      { kind: 'aws-secret-key', occurrences: [] },
    ],
  });

  it('merges --key-id and report ids, once each, with what the report knew', () => {
    const targets = collectRevokeTargets({
      keyIds: ['AKIARZPUZDIKGB2VALC4', ' AKIARZPUZDIKGB2VALC4'],
      report,
    });
    expect(targets.map((t) => t.keyId)).toEqual([
      'AKIARZPUZDIKGB2VALC4',
      'AKIAYVP4CIPPERUVIFXG',
      'ASIAY34FZKBOKMUTVV7A',
    ]);
    expect(targets[1]!.canary).toBe(true);
    expect(targets[2]!.verifiedArn).toBe('arn:aws:sts::609629065308:assumed-role/Deploy/x');
  });

  it('--status live keeps only keys verified live', () => {
    expect(collectRevokeTargets({ keyIds: [], report, status: 'live' }).map((t) => t.keyId)).toEqual([
      'AKIARZPUZDIKGB2VALC4',
    ]);
  });

  it('refuses a value that is not an access key id, never echoing a pasted secret whole', () => {
    expect(() => collectRevokeTargets({ keyIds: ['AIDAJQABLZS4A3QDU576Q'] })).toThrow(
      'key id "AIDAJQABLZS4A3QDU576Q" is not an AWS access key id',
    );
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz';
    const err = (() => {
      try {
        collectRevokeTargets({ keyIds: [secret] });
      } catch (e) {
        return e as Error & { hint?: string; exitCode?: number };
      }
      return undefined;
    })();
    expect(err?.exitCode).toBe(2);
    expect(err?.message).toBe('key id wJal…zzzz (40 chars) is not an AWS access key id');
    expect(err?.hint).toContain('never the secret access key');
  });
});
