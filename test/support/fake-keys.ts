import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function bytes(seed: string, n: number): Buffer {
  let out = Buffer.alloc(0);
  for (let i = 0; out.length < n; i++)
    out = Buffer.concat([out, createHash('sha256').update(`${seed}:${i}`).digest()]);
  return out.subarray(0, n);
}

/**
 * Deterministic, random-looking test credentials. They can never be valid AWS keys: the
 * values are derived from a hash of the seed, not issued by AWS.
 */
export function fakeKeyId(seed: string, prefix = 'AKIA'): string {
  const b = bytes(`id:${seed}`, 16);
  // The 5th character is never I or J (legacy keys), like every modern key.
  let body = '';
  for (const x of b) body += BASE32[x % 32];
  if (body[0] === 'I' || body[0] === 'J') body = `Q${body.slice(1)}`;
  return prefix + body;
}

export function fakeSecret(seed: string): string {
  for (let i = 0; ; i++) {
    const s = bytes(`secret:${seed}:${i}`, 30).toString('base64');
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

export function fakeSessionToken(seed: string): string {
  return `IQoJb3JpZ2luX2Vj${bytes(`token:${seed}`, 300).toString('base64').replace(/=+$/, '')}`;
}
