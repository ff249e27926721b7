import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../test/support/fake-keys.js';
import { reportFromTexts } from '../../test/support/report-from-text.js';
import { sarifSchemaErrors } from '../../test/support/sarif-schema.js';
import { BUILTIN_PATTERNS_DIR, loadRuleSpecs } from '../rules/load-rules.js';
import { renderSarif, SARIF_FINGERPRINT_KEY, toSarif, toUri } from './sarif-report.js';

const rules = loadRuleSpecs([BUILTIN_PATTERNS_DIR]);
const ID = fakeKeyId('sarif-1');
const SECRET = fakeSecret('sarif-1');
const ID2 = fakeKeyId('sarif-2');

const pairText = `[default]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`;

interface SarifLog {
  runs: {
    tool: {
      driver: { rules: { id: string; help: { text: string }; properties: Record<string, unknown> }[] };
    };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation?: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn: number };
        };
        logicalLocations?: { name: string }[];
      }[];
      relatedLocations?: unknown[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

function sarif(texts: Record<string, string>, opts: Parameters<typeof reportFromTexts>[1] = {}): SarifLog {
  return toSarif(reportFromTexts(texts, opts), { rules }) as unknown as SarifLog;
}

describe('SARIF report', () => {
  it('is valid against the official SARIF 2.1.0 schema', () => {
    const report = reportFromTexts({
      'config/prod.env': pairText,
      'my dir/notes #1.md': `key id only: ${ID2}\n`,
    });
    report.issues.push({ path: 'big.bin', kind: 'skipped', reason: 'binary' });
    const log = JSON.parse(renderSarif(report, { rules }));
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
  });

  it('a stdin finding is valid too, with a logical location', () => {
    const log = sarif({ '-': pairText }, { kind: 'stdin' });
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]!.results[0]!.locations[0]!.logicalLocations?.[0]?.name).toBe('(stdin)');
  });

  it('lists every loaded rule with help text from its pattern file', () => {
    const driverRules = sarif({}).runs[0]!.tool.driver.rules;
    expect(driverRules.map((r) => r.id).sort()).toEqual(rules.map((r) => r.id).sort());
    const idRule = driverRules.find((r) => r.id === 'aws.access-key-id')!;
    expect(idRule.help.text).toContain('base32');
    expect(idRule.help.text).toContain('keysweep revoke');
    expect(idRule.properties['security-severity']).toBe('8.0');
    expect(idRule.properties['tags']).toContain('security');
  });

  it('gives each credential one result with a relative location and the content fingerprint', () => {
    const report = reportFromTexts({ 'config/prod.env': pairText });
    const log = toSarif(report, { rules }) as unknown as SarifLog;
    const [result] = log.runs[0]!.results;
    expect(log.runs[0]!.results).toHaveLength(1);
    expect(result!.ruleId).toBe('aws.access-key-id');
    expect(log.runs[0]!.tool.driver.rules[result!.ruleIndex]!.id).toBe('aws.access-key-id');
    expect(result!.level).toBe('error');
    expect(result!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'config/prod.env', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 21 },
    });
    expect(result!.partialFingerprints[SARIF_FINGERPRINT_KEY]).toBe(report.findings[0]!.fingerprint);
    expect(result!.message.text).toContain(ID);
  });

  it('keeps the same partial fingerprint when the credential moves and is re-indented', () => {
    const before = sarif({ 'a.env': pairText });
    const after = sarif({
      'moved/b.yaml': `# moved\n\nsettings:\n    aws_access_key_id = ${ID}\n    aws_secret_access_key = ${SECRET}\n`,
    });
    const fp = (log: SarifLog) => log.runs[0]!.results[0]!.partialFingerprints[SARIF_FINGERPRINT_KEY];
    expect(fp(after)).toBe(fp(before));
    expect(after.runs[0]!.results[0]!.locations[0]!.physicalLocation!.region.startLine).toBe(4);
  });

  it('lists the other places of the same credential as related locations', () => {
    const log = sarif({ 'a.env': pairText, 'b.env': pairText, 'c.env': pairText });
    const [result] = log.runs[0]!.results;
    expect(log.runs[0]!.results).toHaveLength(1);
    expect(result!.relatedLocations).toHaveLength(2);
    expect(result!.message.text).toContain('Also in 2 other places');
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('never holds a secret, only its redacted form', () => {
    const text = renderSarif(reportFromTexts({ 'a.env': pairText }), { rules });
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET.slice(4, 36));
    expect(text).toContain(`${SECRET.slice(0, 4)}…${SECRET.slice(-4)} (40 chars)`);
  });

  it('maps severity to level: a lone key id is a warning', () => {
    const log = sarif({ 'a.txt': `id ${ID2}\n` });
    expect(log.runs[0]!.results[0]!.level).toBe('warning');
  });

  it('says the run was not successful when an input could not be read', () => {
    const report = reportFromTexts({});
    report.issues.push({ path: 'secret.env', kind: 'error', reason: 'unreadable', detail: 'EACCES' });
    const log = toSarif(report, { rules }) as unknown as SarifLog;
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications).toHaveLength(1);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('the schema check itself rejects a broken log', () => {
    const log = sarif({ 'a.env': pairText }) as unknown as { runs: { results: { locations: unknown }[] }[] };
    log.runs[0]!.results[0]!.locations = 'nowhere';
    expect(sarifSchemaErrors(log).length).toBeGreaterThan(0);
  });
});

describe('toUri', () => {
  it('percent-encodes each path segment and keeps the slashes', () => {
    expect(toUri('my dir/notes #1.md')).toBe('my%20dir/notes%20%231.md');
    expect(toUri('./a/b.env')).toBe('a/b.env');
  });
});
