import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../test/support/fake-keys.js';
import { reportFromTexts } from '../../test/support/report-from-text.js';
import type { Report } from '../model/report.js';
import { gitlabTime, renderGitlab, toGitlab, uuidFromFingerprint } from './gitlab-report.js';

const ID = fakeKeyId('gitlab-1');
const SECRET = fakeSecret('gitlab-1');
const pairText = `aws_access_key_id = ${ID}\n\naws_secret_access_key = ${SECRET}\n`;

interface GitlabReport {
  version: string;
  vulnerabilities: {
    id: string;
    category: string;
    name: string;
    description: string;
    severity: string;
    location: {
      file: string;
      start_line: number;
      end_line: number;
      commit: { sha: string; author?: string };
    };
    identifiers: { type: string; name: string; value: string }[];
  }[];
  scan: {
    type: string;
    status: string;
    start_time: string;
    end_time: string;
    analyzer: { id: string; name: string; version: string; vendor: { name: string } };
    scanner: { id: string; name: string; version: string; vendor: { name: string } };
    messages?: { level: string; value: string }[];
  };
}

const gitlab = (r: Report) => toGitlab(r) as unknown as GitlabReport;

describe('GitLab secret-detection report', () => {
  it('has the fields GitLab requires, for the scan and each vulnerability', () => {
    const report = reportFromTexts({ 'config/prod.env': pairText });
    const out = gitlab(report);
    expect(out.version).toMatch(/^15\.\d+\.\d+$/);
    expect(out.scan).toMatchObject({
      type: 'secret_detection',
      status: 'success',
      start_time: '2024-03-14T09:26:53',
      end_time: '2024-03-14T09:26:54',
      analyzer: { id: 'keysweep', name: 'keysweep', version: '0.1.0', vendor: { name: 'keysweep' } },
      scanner: { id: 'keysweep', vendor: { name: 'keysweep' } },
    });
    expect(out.vulnerabilities).toHaveLength(1);
    const [v] = out.vulnerabilities;
    expect(v).toMatchObject({
      category: 'secret_detection',
      name: 'AWS key pair',
      severity: 'High',
      location: { file: 'config/prod.env', start_line: 1, end_line: 3, commit: { sha: '0000000' } },
    });
    expect(v!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(v!.identifiers.map((i) => i.value)).toEqual(['aws.access-key-id', 'aws.secret-access-key', '798']);
    expect(v!.description).toContain(report.findings[0]!.fingerprint);
  });

  it('keeps the vulnerability id when the credential moves', () => {
    const a = gitlab(reportFromTexts({ 'a.env': pairText }));
    const b = gitlab(reportFromTexts({ 'deep/b.env': `\n\n  ${pairText.replaceAll('\n', '\n  ')}` }));
    expect(b.vulnerabilities[0]!.id).toBe(a.vulnerabilities[0]!.id);
    expect(b.vulnerabilities[0]!.location.start_line).toBe(3);
  });

  it('carries the commit of a history finding', () => {
    const report = reportFromTexts({ 'a.env': pairText });
    report.findings[0]!.occurrences[0]!.location = {
      kind: 'git',
      path: 'a.env',
      blob: 'b'.repeat(40),
      commit: {
        sha: 'c'.repeat(40),
        author: 'Ada',
        email: 'ada@example.com',
        date: '2024-01-02T03:04:05Z',
        subject: 'add config',
      },
    };
    const v = gitlab(report).vulnerabilities[0]!;
    expect(v.location.commit).toEqual({
      sha: 'c'.repeat(40),
      author: 'Ada <ada@example.com>',
      date: '2024-01-02T03:04:05Z',
      message: 'add config',
    });
  });

  it('redacts a commit subject that holds a secret', () => {
    const report = reportFromTexts({ '<commit message>': `oops ${pairText}` });
    report.findings[0]!.occurrences[0]!.location = {
      kind: 'git',
      path: '<commit message>',
      blob: 'b'.repeat(40),
      commit: {
        sha: 'c'.repeat(40),
        author: 'Ada',
        email: 'ada@example.com',
        date: '2024-01-02T03:04:05Z',
        subject: `oops aws_secret_access_key=${SECRET} id ${ID}`,
      },
    };
    const text = renderGitlab(report);
    expect(text).not.toContain(SECRET);
    expect(gitlab(report).vulnerabilities[0]!.location.commit).toMatchObject({
      message: expect.stringMatching(/^oops \S+ \(\d+ chars\) id AK…\S\S \(20 chars\)$/),
    });
  });

  it('never holds a secret', () => {
    const text = renderGitlab(reportFromTexts({ 'a.env': pairText }));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('raw_source_code_extract');
    expect(text).toContain(`${SECRET.slice(0, 4)}…${SECRET.slice(-4)}`);
  });

  it('reports a failed scan and its messages when inputs could not be read', () => {
    const report = reportFromTexts({});
    report.issues.push({ path: 'x.env', kind: 'error', reason: 'unreadable' });
    const out = gitlab(report);
    expect(out.scan.status).toBe('failure');
    expect(out.scan.messages).toEqual([{ level: 'fatal', value: 'x.env: error (unreadable)' }]);
  });
});

describe('helpers', () => {
  it('gitlabTime drops the fraction and the zone', () => {
    expect(gitlabTime('2024-03-14T09:26:53.589Z')).toBe('2024-03-14T09:26:53');
  });
  it('uuidFromFingerprint is stable and uuid-shaped', () => {
    expect(uuidFromFingerprint('0123456789abcdef0123456789abcdef0123')).toBe(
      '01234567-89ab-cdef-0123-456789abcdef',
    );
  });
});
