import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../model/errors.js';
import { checkConfigPaths } from './config-paths.js';
import { parseConfig } from './parse-config.js';

const dir = mkdtempSync(join(tmpdir(), 'keysweep-config-paths-'));
const FILE = join(dir, '.keysweep.yaml');
mkdirSync(join(dir, 'rules'));
writeFileSync(join(dir, 'canaries.yaml'), 'accounts: []\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(text: string, baseline = true): ConfigError {
  try {
    checkConfigPaths(parseConfig(text, FILE), { baseline });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('checkConfigPaths', () => {
  it('accepts paths that are there', () => {
    const text = 'patterns: [rules]\ncanary-accounts: [canaries.yaml]\nbaseline: canaries.yaml\n';
    expect(() => checkConfigPaths(parseConfig(text, FILE), { baseline: true })).not.toThrow();
  });

  it.each([
    [
      'patterns: [rules, nope]',
      'patterns[1]',
      `${FILE}: patterns[1]: cannot read the pattern folder ${join(dir, 'nope')} (ENOENT)`,
    ],
    ['patterns: [canaries.yaml]', 'patterns[0]', 'cannot read the pattern folder'],
    [
      'canary-accounts: [gone.yaml]',
      'canary-accounts[0]',
      `${FILE}: canary-accounts[0]: cannot read the canary account list`,
    ],
    [
      'baseline: old.json',
      'baseline',
      `${FILE}: baseline: cannot read the baseline ${join(dir, 'old.json')} (ENOENT)`,
    ],
  ])('names the config file and key: %j', (text, field, message) => {
    const err = errorOf(text);
    expect(err.field).toBe(field);
    expect(err.message).toContain(message);
    expect(err.exitCode).toBe(2);
  });

  it('a baseline that is not used (keysweep baseline writes it) need not exist yet', () => {
    expect(() =>
      checkConfigPaths(parseConfig('baseline: old.json', FILE), { baseline: false }),
    ).not.toThrow();
  });
});
