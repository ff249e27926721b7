import { shannonEntropy } from './entropy.js';

/**
 * Values people write instead of a real credential: runs of one character, the alphabet or
 * digits in order, and masks. Real random keys almost never hold a run of 6 such characters.
 */
const ORDERED = [
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  'ZYXWVUTSRQPONMLKJIHGFEDCBA',
];

export function isPlaceholder(value: string, body = value): boolean {
  if (/(.)\1{5}/.test(body)) return true;
  // Masks are one case (`xxxx`, `XXXX`); a random key holds `XXxx` about once in 28,000.
  if (/x{4}|X{4}/.test(body)) return true;
  for (let i = 0; i + 6 <= body.length; i++) {
    const run = body.slice(i, i + 6);
    if (ORDERED.some((o) => o.includes(run))) return true;
  }
  return false;
}

/** A 40-char hex string is a SHA-1 (commit id, checksum), never a secret access key. */
export function isHex(value: string): boolean {
  return /^[0-9a-f]+$/i.test(value);
}

/**
 * Secrets are random base64: upper, lower, and a digit or symbol. Words-with-slashes (S3 object
 * keys, paths) and identifiers fail this or the entropy floor.
 */
export function looksRandom(value: string): boolean {
  if (!/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/[0-9+/]/.test(value)) return false;
  // Paths: several slash-separated segments made of lower-case words.
  if (/(?:[a-z]{4,}\/){2,}/.test(value)) return false;
  // Identifiers and prose hold long runs of lower-case letters; in 40 random base64 characters a
  // run of 13 turns up about once in 40,000 keys.
  if (/[a-z]{13,}/.test(value)) return false;
  return true;
}

/**
 * About 1 in 4,000 real secrets holds no digit, `+` or `/`. Such a value passes as random when
 * both cases are well represented and its entropy is that of random letters (99% of random
 * 40-letter strings reach 4.35 bits a character; camelCase words stay near 4.2), and it holds no
 * alphabet run in either case. Callers also want a strong name or a key id it pairs with.
 */
export function looksRandomLetters(value: string): boolean {
  if (!/^[A-Za-z]+$/.test(value)) return false;
  const upper = value.replace(/[^A-Z]/g, '').length;
  if (upper < 6 || value.length - upper < 6) return false;
  if (isPlaceholder(value.toUpperCase())) return false;
  return shannonEntropy(value) >= 4.3;
}

/** No digit, `+` or `/`: see looksRandomLetters. */
export function isLettersOnly(value: string): boolean {
  return /^[A-Za-z]+$/.test(value);
}
