import { describe, expect, it } from 'vitest';
import type { Match } from '../../detect/pairing.js';
import type { Candidate } from '../../model/candidate.js';
import { Secret } from '../../model/secret.js';
import { FirstSeenFilter } from './first-seen-filter.js';

function keyIdMatch(value: string): Match {
  const c: Candidate = {
    ruleId: 'aws.access-key-id',
    role: 'access-key-id',
    confidence: 'high',
    location: { kind: 'git', path: 'a.env', blob: 'b'.repeat(40) },
    line: 1,
    column: 1,
    value: new Secret(value),
    entropy: 4,
    strongContext: false,
  };
  return { keyId: c };
}

describe('FirstSeenFilter', () => {
  it('keeps a credential per path only for earlier blobs, or blobs still at HEAD', () => {
    const f = new FirstSeenFilter();
    const m = keyIdMatch('AKIAZ5SWKLB7RTQ3JM2X');
    expect(f.keep(m, '.env', 5, false)).toBe(true);
    expect(f.keep(m, '.env', 7, false)).toBe(false);
    expect(f.keep(m, '.env', 9, true)).toBe(true);
    expect(f.keep(m, '.env', 2, false)).toBe(true);
    expect(f.keep(m, '.env', 3, false)).toBe(false);
    expect(f.keep(m, 'other.env', 8, false)).toBe(true);
    expect(f.keep(keyIdMatch('AKIAQ5SWKLB7RTQ3JM2X'), '.env', 8, false)).toBe(true);
  });
});
