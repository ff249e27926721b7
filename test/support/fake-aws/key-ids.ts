import { randomBytes, randomInt } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A fresh access key id that encodes `account` the way modern AWS key ids do (AWS.md §2), so
 * offline account decoding (accountFromKeyId) gives `account` back. Bit 47 is set as in real
 * modern keys, which also keeps the 5th character out of the legacy `I`/`J` range.
 */
export function makeKeyId(account: string, prefix = 'AKIA'): string {
  if (!/^\d{12}$/.test(account)) throw new Error(`makeKeyId: account must be 12 digits, got ${account}`);
  const low7 = BigInt(randomInt(128));
  const z = (1n << 47n) | (BigInt(account) << 7n) | low7;
  // 10 base32 chars hold 50 bits: z is the top 48, two random bits fill the rest.
  let bits = (z << 2n) | BigInt(randomInt(4));
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = BASE32[Number(bits & 31n)] + head;
    bits >>= 5n;
  }
  let tail = '';
  for (let i = 0; i < 6; i++) tail += BASE32[randomInt(32)];
  return `${prefix}${head}${tail}`;
}

/** 40 characters of [A-Za-z0-9+/], shaped like a secret access key. */
export function makeSecret(): string {
  return randomBytes(30).toString('base64');
}

/** Shaped like a modern session token (AWS.md §1). */
export function makeSessionToken(): string {
  return `IQoJb3JpZ2luX2VjE${randomBytes(180).toString('base64')}`;
}

/** A 21-character unique id with an IAM prefix such as AIDA (user) or AROA (role). */
export function makeUniqueId(prefix: string): string {
  let s = prefix;
  for (let i = 0; i < 17; i++) s += BASE32[randomInt(32)];
  return s;
}
