import { describe, expect, it } from 'vitest';
import { ConfigError } from '../model/errors.js';
import { parseConfig } from './parse-config.js';
import { STARTER_CONFIG } from './starter-config.js';

const FILE = '/repo/.keysweep.yaml';
const FP = 'a'.repeat(64);

function errorOf(text: string): ConfigError {
  try {
    parseConfig(text, FILE);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('reads every setting, resolving paths against the file folder', () => {
    const c = parseConfig(
      [
        'exclude: [vendor/, "*.min.js"]',
        'patterns: [rules]',
        'canary-accounts: [../shared/canaries.yaml]',
        'allow:',
        `  - fingerprint: ${FP}`,
        '    reason: test fixture',
        '  - key-id: AKIAZ5SWKLB7RTQ3JM2X',
        '    reason: revoked in INC-1',
        'fail-on: high',
        'baseline: .keysweep-baseline.json',
        'verify:',
        '  accounts: ["123456789012", 012345678901]',
        '  skip-accounts: 210987654321',
        '  concurrency: 8',
        '  timeout: 2000',
      ].join('\n'),
      FILE,
    );
    expect(c).toEqual({
      file: FILE,
      dir: '/repo',
      exclude: ['vendor/', '*.min.js'],
      patterns: ['/repo/rules'],
      canaryAccounts: ['/shared/canaries.yaml'],
      allow: [
        { fingerprint: FP, reason: 'test fixture' },
        { keyId: 'AKIAZ5SWKLB7RTQ3JM2X', reason: 'revoked in INC-1' },
      ],
      failOn: 'high',
      baseline: '/repo/.keysweep-baseline.json',
      verify: {
        accounts: ['123456789012', '012345678901'],
        skipAccounts: ['210987654321'],
        concurrency: 8,
        timeoutMs: 2000,
      },
    });
  });

  it('accepts the starter that keysweep init writes, and an empty file', () => {
    const c = parseConfig(STARTER_CONFIG, FILE);
    expect(c.failOn).toBe('any');
    expect(c.exclude).toEqual(['node_modules/']);
    expect(c.verify).toEqual({ concurrency: 4, timeoutMs: 5000 });
    expect(parseConfig('', FILE).allow).toEqual([]);
  });

  it('takes account ids of 12 digits as written, quoted or not', () => {
    const c = parseConfig('verify:\n  accounts: [123456789012, 000000001234]\n', FILE);
    expect(c.verify.accounts).toEqual(['123456789012', '000000001234']);
  });

  it("the starter's allow examples parse once uncommented, with nothing else edited", () => {
    const uncommented = STARTER_CONFIG.replace(/^#( {2}- | {4}reason:)/gm, '$1');
    expect(uncommented).not.toBe(STARTER_CONFIG);
    const c = parseConfig(uncommented, FILE);
    expect(c.allow).toEqual([
      { fingerprint: '0'.repeat(64), reason: 'documentation example, never issued' },
      {
        keyId: 'AKIAXXXXXXXXXXXXXXXX',
        reason: 'revoked on 2024-03-14, kept in history on purpose (INC-123)',
      },
    ]);
  });

  it.each([
    ['allow:\n  - fingerprint: ' + FP, /allow\[0\]\.reason: is required/, 'allow[0].reason'],
    [
      'allow:\n  - fingerprint: ' + FP + '\n    reason: "  "',
      /allow\[0\]\.reason: is required/,
      'allow[0].reason',
    ],
    ['allow:\n  - reason: x', /allow\[0\]: needs a fingerprint or a key-id/, 'allow[0]'],
    [
      'allow:\n  - fingerprint: abc\n    reason: x',
      /allow\[0\]\.fingerprint: must be a keysweep fingerprint/,
      'allow[0].fingerprint',
    ],
    [
      'allow:\n  - key-id: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n    reason: x',
      /allow\[0\]\.key-id: must be an AWS access key id/,
      'allow[0].key-id',
    ],
    ['exlude: [a]', /exlude: unknown setting \(did you mean 'exclude'\?\)/, 'exlude'],
    ['failOn: high', /failOn: unknown setting \(did you mean 'fail-on'\?\)/, 'failOn'],
    ['fail-on: severe', /fail-on: 'severe' is not one of any, live/, 'fail-on'],
    ['verify:\n  timeout: -1', /verify\.timeout: '-1' is not a positive whole number/, 'verify.timeout'],
    [
      'verify:\n  accounts: ["1234"]',
      /verify\.accounts\[0\]: '1234' is not a 12-digit account id/,
      'verify.accounts[0]',
    ],
    // A YAML number is taken as written: 1234 is not padded into an account id.
    [
      'verify:\n  accounts: [1234]',
      /verify\.accounts\[0\]: '1234' is not a 12-digit account id/,
      'verify.accounts[0]',
    ],
    [
      'verify:\n  skip-accounts: 12345678901',
      /verify\.skip-accounts\[0\]: '12345678901' is not a 12-digit account id/,
      'verify.skip-accounts[0]',
    ],
    [
      'verify:\n  concurency: 2',
      /verify\.concurency: unknown setting \(did you mean 'verify\.concurrency'\?\)/,
      'verify.concurency',
    ],
    ['exclude: [1]', /exclude\[0\]: must be a non-empty string/, 'exclude[0]'],
    ['- a\n- b', /\(top level\): must be a mapping/, '(top level)'],
  ])('names the key at fault: %j', (text, message, field) => {
    const err = errorOf(text);
    expect(err.message.startsWith(`${FILE}: `)).toBe(true);
    expect(err.message).toMatch(message);
    expect(err.field).toBe(field);
    expect(err.exitCode).toBe(2);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(errorOf('exclude: [a\nfail-on: any\n').message).toMatch(/invalid YAML at line \d+/);
  });
});
