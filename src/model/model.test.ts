import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { accountFromKeyId, isLegacyKeyId, keyIdType } from './aws-key-id.js';
import { fingerprint } from './fingerprint.js';
import { formatLocation } from './location.js';
import { printable } from './printable.js';
import { redact, redactTokens, Secret } from './secret.js';

describe('accountFromKeyId', () => {
  it.each([
    ['ASIAY34FZKBOKMUTVV7A', '609629065308'],
    ['AKIARZPUZDIKGB2VALC4', '123456789012'],
    ['ASIAQAAAAAAAGMKEM7X5', '000000000000'],
    ['AKIAYVP4CIPPERUVIFXG', '595918472158'],
  ])('decodes %s to %s (AWS.md §2 worked checks)', (id, account) => {
    expect(accountFromKeyId(id)).toBe(account);
  });

  it('has no account for legacy keys', () => {
    expect(isLegacyKeyId('AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(accountFromKeyId('AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
    expect(keyIdType('ASIAY34FZKBOKMUTVV7A')).toBe('temporary');
  });
});

describe('Secret', () => {
  const raw = 'q7Rk2VbN9wLx4TzP8sYc1MdF6hJ3gA5eKu0WnBi+';
  const s = new Secret(raw);

  it('never shows the raw value by accident', () => {
    for (const shown of [String(s), `${s}`, JSON.stringify({ s }), inspect(s), inspect({ nested: s })]) {
      expect(shown).not.toContain(raw);
      expect(shown).not.toContain(raw.slice(4, 36));
    }
    expect(s.redacted()).toBe('q7Rk…nBi+ (40 chars)');
    expect(s.reveal()).toBe(raw);
  });

  it('redacts short values entirely', () => {
    expect(redact('abcdef')).toBe('****** (6 chars)');
  });
});

describe('fingerprint', () => {
  it('depends on content only, and on every part', () => {
    const a = fingerprint('aws-key-pair', ['AKIA1', 'secret']);
    expect(fingerprint('aws-key-pair', ['AKIA1', 'secret'])).toBe(a);
    expect(fingerprint('aws-key-pair', ['AKIA1', 'secret2'])).not.toBe(a);
    expect(fingerprint('aws-access-key-id', ['AKIA1', 'secret'])).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('formatLocation', () => {
  it('shows control characters of a path escaped, so a file name cannot drive the terminal', () => {
    const path = 'evil\u001b[2K\u001b[1Ax\nforged line.ini';
    const shown = formatLocation({ kind: 'file', path }, 3, 1);
    expect(shown).toBe('evil\\x1b[2K\\x1b[1Ax\\nforged line.ini:3:1');
    expect(formatLocation({ kind: 'staged', path: 'tab\there', blob: 'b' })).toBe('tab\\there (staged)');
    expect(printable('plain/ünïcode path.env')).toBe('plain/ünïcode path.env');
  });
});

describe('redactTokens', () => {
  it('redacts every long token run in free text and keeps the rest', () => {
    const secret = 'q7Rk3bX9pL2mN8vT4wY6zA1cD5eF0gH3jK7nBi+/';
    expect(redactTokens(`rotate ${secret} today`)).toBe(`rotate ${redact(secret)} today`);
    expect(redactTokens('fix the build')).toBe('fix the build');
  });
});
