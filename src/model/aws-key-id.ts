/**
 * Offline facts about an AWS access key id (see shared AWS.md §1-2). Pure: no SDK here.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export type KeyIdType = 'long-term' | 'temporary' | 'bearer' | 'context' | 'legacy-prefix';

export function keyIdType(keyId: string): KeyIdType {
  switch (keyId.slice(0, 4)) {
    case 'AKIA':
      return 'long-term';
    case 'ASIA':
      return 'temporary';
    case 'ABIA':
      return 'bearer';
    case 'ACCA':
      return 'context';
    default:
      return 'legacy-prefix';
  }
}

/** Pre-2019 keys (5th char I or J) do not encode their account. */
export function isLegacyKeyId(keyId: string): boolean {
  const c = keyId[4];
  return c === 'I' || c === 'J';
}

/**
 * The 12-digit account a modern key id belongs to: base32-decode chars 5..20, take the first
 * 6 bytes as a 48-bit big-endian integer z, and the account is (z & 0x7FFFFFFFFF80) >> 7.
 * Undefined for legacy or malformed ids.
 */
export function accountFromKeyId(keyId: string): string | undefined {
  if (keyId.length !== 20 || isLegacyKeyId(keyId) || keyId.startsWith('A3T')) return undefined;
  // 10 base32 chars are 50 bits; the first 48 are the 6 bytes we need.
  let bits = 0n;
  for (let i = 4; i < 14; i++) {
    const v = BASE32.indexOf(keyId[i]!);
    if (v < 0) return undefined;
    bits = (bits << 5n) | BigInt(v);
  }
  const z = bits >> 2n;
  const account = (z & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}
